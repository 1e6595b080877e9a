package io.tributary.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The client stays a plain library (java.net.http + Jackson) that any JVM application can use. */
class ModularityTests {

    // This module's compiled classes only (hand-written and generated): scanning the whole test classpath is slow.
    private static final JavaClasses CLIENT = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void clientKnowsNothingOfSpringOrThePlatformInternals() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.tributary.platform..",
                        "tools.jackson..", "org.slf4j..")
                .check(CLIENT);
    }

    @Test
    void handWrittenClientDoesNotDependOnTheGeneratedOne() {
        noClasses().that().resideInAPackage("io.tributary.client").should().dependOnClassesThat()
                .resideInAPackage("io.tributary.client.generated..")
                .check(CLIENT);
    }
}
