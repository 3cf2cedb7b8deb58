package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection against a fake driver folder, environment and class path: what the node reports and why. */
class GpuProbeTest {

    private static final String CPU_JAR = "/m2/ai/djl/pytorch/pytorch-native-cpu/2.7.1/pytorch-native-cpu-2.7.1-linux-x86_64.jar";
    private static final String CUDA_JAR = "/m2/ai/djl/pytorch/pytorch-native-cu128/2.7.1/pytorch-native-cu128-2.7.1-linux-x86_64.jar";

    @TempDir
    Path root;

    @Test
    void gpusTheDriverListsAreDevicesOnlyWithCudaNativesOnTheClassPath() throws IOException {
        fakeGpu("0000:1a:00.0", "NVIDIA H200");
        fakeGpu("0000:05:00.0", "NVIDIA A100-SXM4-80GB");

        GpuProbe cpu = new GpuProbe(root, Map.of(), classPath("/app/classes", CPU_JAR));
        assertThat(cpu.gpus()).as("PCI bus order").containsExactly("NVIDIA A100-SXM4-80GB", "NVIDIA H200");
        assertThat(cpu.devices()).containsExactly("cpu");
        assertThat(cpu.hardware().flavor()).isEqualTo("cpu");
        assertThat(cpu.hardware().natives()).isEqualTo("pytorch-native-cpu (class path)");

        GpuProbe cuda = new GpuProbe(root, Map.of(), classPath("/app/classes", CUDA_JAR));
        assertThat(cuda.devices()).containsExactly("cpu", "cuda:0", "cuda:1");
        assertThat(cuda.hardware().flavor()).isEqualTo("cu128");
        assertThat(new GpuProbe(root, Map.of("CUDA_VISIBLE_DEVICES", "1"), CUDA_JAR).devices())
                .as("a node restricted to one GPU").containsExactly("cpu", "cuda:0");
        assertThat(new GpuProbe(root, Map.of("CUDA_VISIBLE_DEVICES", ""), CUDA_JAR).devices()).containsExactly("cpu");
    }

    @Test
    void aCudaLibtorchNamedByPytorchLibraryPathBeatsTheCpuJar() throws IOException {
        fakeGpu("0000:1a:00.0", "NVIDIA H200");
        Path libtorch = libtorch("libtorch-cuda", true);
        GpuProbe probe = new GpuProbe(root, Map.of("PYTORCH_LIBRARY_PATH", libtorch.toString()), classPath(CPU_JAR));
        assertThat(probe.natives()).isEqualTo(new NativeLibraries.LocalLibtorch(libtorch.toAbsolutePath(), "cu128"));
        assertThat(probe.devices()).containsExactly("cpu", "cuda:0");
        assertThat(probe.hardware().natives()).contains("libtorch at " + libtorch.toAbsolutePath(), "PYTORCH_LIBRARY_PATH");

        // a CPU libtorch there: DJL loads it, but it has no CUDA
        Path cpuOnly = libtorch("libtorch-cpu", false);
        GpuProbe cpu = new GpuProbe(root, Map.of("PYTORCH_LIBRARY_PATH", cpuOnly.toString()), classPath(CPU_JAR));
        assertThat(cpu.natives().flavor()).isEqualTo("cpu");
        assertThat(cpu.devices()).containsExactly("cpu");
    }

    @Test
    void aPytorchLibraryPathWithoutLibtorchIsReportedAsIgnoredAndTheCpuJarServes() throws IOException {
        fakeGpu("0000:1a:00.0", "NVIDIA H200");
        Path empty = Files.createDirectories(root.resolve("opt/libtorch"));
        GpuProbe probe = new GpuProbe(root, Map.of("PYTORCH_LIBRARY_PATH", empty.toString()), classPath(CPU_JAR));
        assertThat(probe.natives()).isInstanceOf(NativeLibraries.IgnoredLibraryPath.class);
        assertThat(probe.devices()).containsExactly("cpu");
        assertThat(probe.hardware().natives()).isEqualTo("pytorch-native-cpu (class path); PYTORCH_LIBRARY_PATH="
                + empty + " ignored: it holds no libtorch.so");
        assertThat(probe.gpus()).as("the GPU is still shown, so the user sees what is missing").containsExactly("NVIDIA H200");
    }

    @Test
    void noDriverMeansNoGpusAndTheDriverFolderWithoutModelFallsBackToTheBusAddress() throws IOException {
        GpuProbe none = new GpuProbe(root, Map.of(), classPath(CUDA_JAR));
        assertThat(none.gpus()).isEmpty();
        assertThat(none.devices()).containsExactly("cpu");

        Files.createDirectories(root.resolve("proc/driver/nvidia/gpus/0000:3b:00.0"));
        assertThat(none.gpus()).containsExactly("0000:3b:00.0");
        assertThat(none.devices()).containsExactly("cpu", "cuda:0");
    }

    @Test
    void thePackagedBootJarIsLookedInto() throws IOException {
        Path boot = root.resolve("training-service.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(boot))) {
            jar.putNextEntry(new JarEntry("BOOT-INF/lib/pytorch-native-cu128-2.7.1-linux-x86_64.jar"));
            jar.closeEntry();
        }
        assertThat(new GpuProbe(root, Map.of(), boot.toString()).natives())
                .isEqualTo(new NativeLibraries.Bundled("pytorch-native-cu128", "cu128"));
    }

    private void fakeGpu(String busId, String model) throws IOException {
        Path gpu = Files.createDirectories(root.resolve("proc/driver/nvidia/gpus").resolve(busId));
        Files.writeString(gpu.resolve("information"), "Model: \t\t " + model + "\nIRQ:   \t\t 42\nBus Location: \t " + busId + "\n");
    }

    private Path libtorch(String name, boolean cuda) throws IOException {
        Path lib = Files.createDirectories(root.resolve(name).resolve("lib"));
        touch(lib.resolve("libtorch.so"));
        touch(lib.resolve("libtorch_cpu.so"));
        if (cuda) {
            touch(lib.resolve("libtorch_cuda.so"));
        }
        return lib;
    }

    private static void touch(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(0);
        }
    }

    private static String classPath(String... entries) {
        return String.join(File.pathSeparator, entries);
    }
}
