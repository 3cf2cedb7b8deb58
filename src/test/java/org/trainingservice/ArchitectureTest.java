package org.trainingservice;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the arrows of DESIGN.md true: who may use whom. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.trainingservice");

    @Test
    void trainingIsPlainJavaAndDjl() {
        noClasses().that().resideInAPackage("org.trainingservice.training..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "org.hibernate..", "java.sql..", "javax.sql..")
                .because("the training package runs in its own process and must stay free of Spring and persistence")
                .check(CLASSES);
    }

    @Test
    void trainingUsesNoOtherFeature() {
        noClasses().that().resideInAPackage("org.trainingservice.training..")
                .should().dependOnClassesThat().resideInAnyPackage("org.trainingservice.job..",
                        "org.trainingservice.dataset..", "org.trainingservice.scheduler..", "org.trainingservice.metrics..",
                        "org.trainingservice.checkpoint..", "org.trainingservice.inference..", "org.trainingservice.common..")
                .check(CLASSES);
    }

    @Test
    void datasetUsesOnlyCommon() {
        noClasses().that().resideInAPackage("org.trainingservice.dataset..")
                .should().dependOnClassesThat().resideInAnyPackage("org.trainingservice.job..",
                        "org.trainingservice.scheduler..", "org.trainingservice.training..", "org.trainingservice.metrics..",
                        "org.trainingservice.checkpoint..", "org.trainingservice.inference..")
                .check(CLASSES);
    }

    @Test
    void jobDoesNotReachIntoTheWorkers() {
        noClasses().that().resideInAPackage("org.trainingservice.job..")
                .should().dependOnClassesThat().resideInAnyPackage("org.trainingservice.scheduler..",
                        "org.trainingservice.metrics..", "org.trainingservice.checkpoint..", "org.trainingservice.inference..")
                .check(CLASSES);
    }

    @Test
    void metricsAndCheckpointsUseOnlyJobsAndCommon() {
        noClasses().that().resideInAnyPackage("org.trainingservice.metrics..", "org.trainingservice.checkpoint..")
                .should().dependOnClassesThat().resideInAnyPackage("org.trainingservice.scheduler..",
                        "org.trainingservice.inference..", "org.trainingservice.dataset..")
                .check(CLASSES);
    }

    @Test
    void nothingButTheSchedulerAndInferenceDrivesTraining() {
        noClasses().that().resideInAnyPackage("org.trainingservice.metrics..", "org.trainingservice.checkpoint..",
                        "org.trainingservice.dataset..", "org.trainingservice.common..")
                .should().dependOnClassesThat().resideInAPackage("org.trainingservice.training..")
                .check(CLASSES);
    }
}
