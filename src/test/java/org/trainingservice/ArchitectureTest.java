package org.trainingservice;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.TrainingResult;

/**
 * The arrows Spring Modulith does not see ({@link ModulesTest} checks the modules against each other and pins who
 * uses whom): what {@code training} may import at all, and which part of {@code training} the modules that only
 * describe or submit jobs may reach.
 */
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
    void nothingButTheSchedulerAndInferenceDrivesTraining() {
        noClasses().that().resideInAnyPackage("org.trainingservice.dataset..", "org.trainingservice.job..",
                        "org.trainingservice.experiment..", "org.trainingservice.metrics..",
                        "org.trainingservice.checkpoint..", "org.trainingservice.common..")
                .should().dependOnClassesThat(resideInAnyPackage("org.trainingservice.training",
                        "org.trainingservice.training.child..", "org.trainingservice.training.optim..")
                        .and(not(belongToAnyOf(TrainingResult.class))))
                .because("these modules describe and submit jobs (training.spec) and show results; only the workers "
                        + "and predictions run training's code")
                .check(CLASSES);
    }
}
