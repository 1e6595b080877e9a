package io.tributary.platform.log;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The storage engine stays free of Spring, HTTP, JSON and the rest of the service. */
class LogModuleBoundaryTests {

    static {
        // Judge the engine's own class files by the names they reference; no need to load the classpath.
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
    }

    /** Only the engine's own compiled classes: scanning every jar for the package is slow. */
    private final JavaClasses engine = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(engineClassesFolder());

    private static Path engineClassesFolder() {
        try {
            Path root = Path.of(ChronicleLogStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return root.resolve(ChronicleLogStore.class.getPackageName().replace('.', '/'));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void engineKnowsNothingOfSpringHttpOrTheOtherModules() {
        noClasses().that().resideInAPackage("io.tributary.platform.log..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta.servlet..", "com.fasterxml.jackson..", "tools.jackson..",
                        "io.tributary.platform.web..", "io.tributary.platform.topic..", "io.tributary.platform.produce..",
                        "io.tributary.platform.consume..")
                .check(engine);
    }
}
