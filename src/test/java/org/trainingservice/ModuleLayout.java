package org.trainingservice;

import java.util.stream.Stream;
import org.springframework.modulith.core.ApplicationModuleDetectionStrategy;
import org.springframework.modulith.core.ApplicationModuleInformation;
import org.springframework.modulith.core.JavaPackage;
import org.springframework.modulith.core.NamedInterfaces;

/**
 * Spring Modulith's module layout for this code base: every direct sub-package of {@code org.trainingservice} is a
 * module, and a module's named interfaces come from {@code @NamedInterface} on a sub-package's package-info, except
 * for {@code training}'s. The training package runs in a process of its own and imports nothing of Spring (see
 * {@link ArchitectureTest}), so its API sub-packages are named here instead of by an annotation in its sources.
 * Registered for {@code ApplicationModules.of} in {@code src/test/resources/config/application.properties}.
 */
public class ModuleLayout implements ApplicationModuleDetectionStrategy {

    /** training's sub-packages that other modules may use: the job spec, and the protocol with the training process. */
    static final String[] TRAINING_INTERFACES = {"spec", "child"};

    private final ApplicationModuleDetectionStrategy modules = ApplicationModuleDetectionStrategy.directSubPackage();

    @Override
    public Stream<JavaPackage> getModuleBasePackages(JavaPackage basePackage) {
        return modules.getModuleBasePackages(basePackage);
    }

    @Override
    public NamedInterfaces detectNamedInterfaces(JavaPackage basePackage, ApplicationModuleInformation information) {
        NamedInterfaces annotated = NamedInterfaces.of(basePackage, information);
        if (!basePackage.getName().equals("org.trainingservice.training")) {
            return annotated;
        }
        return annotated.and(NamedInterfaces.builder(basePackage).matching(TRAINING_INTERFACES).build());
    }
}
