package io.tributary.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The client stays a plain library (java.net.http + Jackson) that any JVM application can use. */
class ModularityTests {

    private static final JavaClasses CLIENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.tributary.client");

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
