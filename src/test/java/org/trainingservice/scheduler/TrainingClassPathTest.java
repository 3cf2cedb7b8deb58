package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingClassPathTest {

    private static String path(String... entries) {
        return String.join(File.pathSeparator, entries);
    }

    @Test
    void keepsTheProjectsFoldersAndTheJarsOfTrainingAndDropsTheServicesOwn() {
        String full = path("/p/target/classes", "/m2/org/springframework/spring-core/7.0/spring-core-7.0.jar",
                "/m2/ai/djl/api/0.36.0/api-0.36.0.jar", "/m2/org/hibernate/hibernate-core-7.1.jar",
                "/m2/ai/djl/pytorch/pytorch-engine/0.36.0/pytorch-engine-0.36.0.jar",
                "/m2/ai/djl/pytorch/pytorch-native-cpu/2.7.1/pytorch-native-cpu-2.7.1-linux-x86_64.jar",
                "/m2/tools/jackson/core/jackson-databind/3.1.4/jackson-databind-3.1.4.jar",
                "/m2/org/postgresql/postgresql-42.7.jar", "/p/target/test-classes", "/m2/x/logback-classic-1.5.jar",
                "/m2/x/slf4j-api-2.0.jar", "/m2/x/gson-2.13.jar", "/m2/x/commons-compress-1.27.jar");
        String trimmed = TrainingClassPath.of(full);
        assertThat(List.of(trimmed.split(File.pathSeparator))).as("jars first, then folders").containsExactly(
                "/m2/ai/djl/api/0.36.0/api-0.36.0.jar",
                "/m2/ai/djl/pytorch/pytorch-engine/0.36.0/pytorch-engine-0.36.0.jar",
                "/m2/ai/djl/pytorch/pytorch-native-cpu/2.7.1/pytorch-native-cpu-2.7.1-linux-x86_64.jar",
                "/m2/tools/jackson/core/jackson-databind/3.1.4/jackson-databind-3.1.4.jar",
                "/m2/x/logback-classic-1.5.jar", "/m2/x/slf4j-api-2.0.jar", "/m2/x/gson-2.13.jar",
                "/m2/x/commons-compress-1.27.jar", "/p/target/classes", "/p/target/test-classes");
        assertThat(TrainingClassPath.jarsOf(trimmed)).hasSize(8).allMatch(e -> e.endsWith(".jar"));
    }

    @Test
    void aClassPathWhoseEngineJarIsNotRecognisedIsUsedWhole() {
        String full = path("/app/classes", "/app/lib/spring-core.jar", "/app/lib/djl.jar", "/app/lib/jackson-core.jar");
        assertThat(TrainingClassPath.of(full)).isEqualTo(full);
    }

    @Test
    void theTestsOwnTrainingProcessesRunOnATrimmedClassPath() {
        String trimmed = TrainingClassPath.of(System.getProperty("java.class.path"));
        assertThat(trimmed).contains("pytorch-engine-").doesNotContain("spring-core-").doesNotContain("hibernate-core-");
    }
}
