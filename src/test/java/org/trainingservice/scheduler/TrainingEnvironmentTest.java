package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainingservice.common.TrainingProperties;
import org.trainingservice.training.Processor;

/** The environment a training process is started with: which natives DJL loads and which GPU the process sees. */
class TrainingEnvironmentTest {

    private static final NativeLibraries CUDA_JAR = new NativeLibraries.Bundled("pytorch-native-cu128", "cu128");

    @TempDir
    Path folder;

    @Test
    void aLocalLibtorchIsHandedOnWithTheFlavourAndVersionDjlNeeds() {
        Map<String, String> env = new HashMap<>();
        TrainingEnvironment.addTo(env, new NativeLibraries.LocalLibtorch(Path.of("/opt/libtorch/lib"), "cu128"), "auto");
        assertThat(env).containsEntry("PYTORCH_LIBRARY_PATH", "/opt/libtorch/lib").containsEntry("PYTORCH_FLAVOR", "cu128")
                .containsEntry("PYTORCH_VERSION", "2.7.1").doesNotContainKey("CUDA_VISIBLE_DEVICES");
    }

    @Test
    void anIgnoredLibraryPathIsLeftOutAndBundledNativesNeedNothing() {
        Map<String, String> env = new HashMap<>(Map.of("PYTORCH_LIBRARY_PATH", "/nowhere"));
        TrainingEnvironment.addTo(env, new NativeLibraries.IgnoredLibraryPath("/nowhere", CUDA_JAR), "auto");
        assertThat(env).doesNotContainKeys("PYTORCH_LIBRARY_PATH", "PYTORCH_FLAVOR", "PYTORCH_VERSION");

        Map<String, String> bundled = new HashMap<>();
        TrainingEnvironment.addTo(bundled, CUDA_JAR, "auto");
        assertThat(bundled).doesNotContainKeys("PYTORCH_LIBRARY_PATH", "PYTORCH_FLAVOR", "CUDA_VISIBLE_DEVICES");
    }

    @Test
    void eachCudaJobSeesOnlyItsGpuAndACpuJobSeesNone() {
        assertThat(envFor("cuda:2")).containsEntry("CUDA_VISIBLE_DEVICES", "2").containsEntry("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
        assertThat(envFor("cuda")).containsEntry("CUDA_VISIBLE_DEVICES", "0");
        assertThat(envFor("cpu")).containsEntry("CUDA_VISIBLE_DEVICES", "");

        // a node itself restricted to GPUs 4 and 6: its cuda:1 is physical GPU 6
        Map<String, String> env = new HashMap<>(Map.of("CUDA_VISIBLE_DEVICES", "4,6"));
        TrainingEnvironment.addTo(env, CUDA_JAR, "cuda:1");
        assertThat(env).containsEntry("CUDA_VISIBLE_DEVICES", "6");
    }

    @Test
    void theLauncherHandsAJobsGpuToItsProcessAlone() throws IOException {
        TrainingProcessLauncher launcher = new TrainingProcessLauncher(properties(), Processor.ofThisMachine());
        Map<String, String> env = launcher.processFor(ProcessProfile.of("1g", 0, "cuda:3"), folder).environment();
        assertThat(env).containsEntry("CUDA_VISIBLE_DEVICES", "3").containsEntry("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
        assertThat(launcher.processFor(ProcessProfile.of("1g", 0, "auto"), folder).environment())
                .doesNotContainKey("CUDA_DEVICE_ORDER");
    }

    @Test
    void aTrainingProcessGetsTheVectorApiForAdamsUpdateWhereThisJavaHasIt() throws IOException {
        TrainingProcessLauncher launcher = new TrainingProcessLauncher(properties(), Processor.ofThisMachine());
        List<String> command = launcher.processFor(ProcessProfile.of("1g", 0, "auto"), folder).command();
        assertThat(java.lang.module.ModuleFinder.ofSystem().find("jdk.incubator.vector")).isPresent();
        int at = command.indexOf("--add-modules");
        assertThat(at).as("the flag is there, before the main class").isPositive();
        assertThat(command.get(at + 1)).isEqualTo("jdk.incubator.vector");
    }

    private static Map<String, String> envFor(String device) {
        Map<String, String> env = new HashMap<>();
        TrainingEnvironment.addTo(env, CUDA_JAR, device);
        return env;
    }

    private TrainingProperties properties() {
        return new TrainingProperties(folder, "n", 3, java.time.Duration.ofHours(1), null,
                new TrainingProperties.Worker(true, 1, java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(30),
                        java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(10), "1g", 0, false, null, 1, 1000, true));
    }
}
