package io.tributary.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The storage engine stays free of Spring and of the HTTP features, so it can be tested and benchmarked alone. */
class ModularityTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tributary.platform");

    @Test
    void logKnowsNothingOfSpringOrTheWebLayer() {
        noClasses().that().resideInAPackage("io.tributary.platform.log..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                        "io.tributary.platform.web..", "io.tributary.platform.topic..", "io.tributary.platform.produce..",
                        "io.tributary.platform.consume..", "tools.jackson..", "com.fasterxml..")
                .check(CLASSES);
    }

    /** JSON text helpers shared by produce and consume: plain Java over bytes. */
    @Test
    void jsonKnowsNothingOfSpringJacksonOrTheFeatures() {
        noClasses().that().resideInAPackage("io.tributary.platform.json..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                        "io.tributary.platform.web..", "io.tributary.platform.topic..", "io.tributary.platform.produce..",
                        "io.tributary.platform.consume..", "io.tributary.platform.log..", "tools.jackson..", "com.fasterxml..")
                .check(CLASSES);
    }

    @Test
    void featuresDoNotReachIntoTheWebOrEachOthersInternalsExceptThroughPublicTypes() {
        noClasses().that().resideInAPackage("io.tributary.platform.topic..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tributary.platform.produce..", "io.tributary.platform.consume..")
                .check(CLASSES);
    }
}
