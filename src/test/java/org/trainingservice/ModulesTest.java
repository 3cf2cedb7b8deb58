package org.trainingservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module boundaries, checked by Spring Modulith: no cycles between modules, and a module uses another only
 * through its API (the base package, or a sub-package named as an interface). The arrows themselves are pinned too,
 * so that docs/architecture.md's table changes when they do.
 */
class ModulesTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(TrainingServiceApplication.class);

    /** docs/architecture.md's "uses" column. */
    private static final Map<String, Set<String>> ARROWS = Map.of(
            "common", Set.of(),
            "training", Set.of(),
            "dataset", Set.of("common", "training"),
            "job", Set.of("common", "dataset", "training"),
            "metrics", Set.of("common", "job"),
            "checkpoint", Set.of("common", "job", "metrics"),
            "inference", Set.of("common", "dataset", "job", "training"),
            "scheduler", Set.of("checkpoint", "common", "dataset", "job", "metrics", "training"),
            "experiment", Set.of("common", "inference", "job", "metrics", "training"));

    @Test
    void modulesUseEachOtherOnlyThroughTheirApisAndWithoutCycles() {
        MODULES.verify();
    }

    @Test
    void eachModuleUsesExactlyTheModulesTheArchitectureDocumentNames() {
        Map<String, Set<String>> actual = new TreeMap<>();
        for (ApplicationModule module : MODULES) {
            actual.put(module.getIdentifier().toString(), module.getDirectDependencies(MODULES).uniqueModules()
                    .map(used -> used.getIdentifier().toString()).collect(Collectors.toSet()));
        }
        assertThat(actual).isEqualTo(new TreeMap<>(ARROWS));
    }

    @Test
    void trainingExposesOnlyItsSpecAndTheProcessProtocolBesidesItsBasePackage() {
        ApplicationModule training = MODULES.getModuleByName("training").orElseThrow();
        assertThat(training.getNamedInterfaces().stream().map(named -> named.getName()))
                .containsExactlyInAnyOrder("<<UNNAMED>>", "spec", "child");
    }

    /** Writes the module diagram (C4, PlantUML) and one per module under target/spring-modulith-docs. */
    @Test
    void writesTheModuleDiagrams() throws Exception {
        new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
        Path all = Path.of("target", "spring-modulith-docs", "components.puml");
        assertThat(Files.readString(all)).contains("@startuml", "Component(", "Rel(");
    }
}
