package org.trainingservice.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Finds the devices this node's training processes will really get, without loading the engine into the API process:
 * the NVIDIA GPUs the kernel driver lists ({@code /proc/driver/nvidia/gpus}, in PCI bus order), usable only when the
 * natives the training processes load are a CUDA build ({@link NativeLibraries}: a {@code pytorch-native-cu*} jar, or
 * a libtorch with {@code libtorch_cuda.so} named by {@code PYTORCH_LIBRARY_PATH}). The default build bundles
 * {@code pytorch-native-cpu}, which cannot use a GPU even where one exists.
 */
@Component
class GpuProbe {

    private final Path root;
    private final Map<String, String> env;
    private final String classPath;

    @Autowired
    public GpuProbe() {
        this(Path.of("/"), System.getenv(), System.getProperty("java.class.path", ""));
    }

    /** For tests: a fake file system root (holding {@code proc/driver/nvidia/gpus}), environment and class path. */
    GpuProbe(Path root, Map<String, String> env, String classPath) {
        this.root = root;
        this.env = env;
        this.classPath = classPath;
    }

    public NativeLibraries natives() {
        return NativeLibraries.of(env, classPath);
    }

    /** The GPUs the driver lists, by model name (or PCI address where the driver gives none), whatever the natives. */
    public List<String> gpus() {
        Path folder = root.resolve("proc/driver/nvidia/gpus");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> gpus = Files.list(folder)) {
            return gpus.sorted().map(GpuProbe::model).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** {@code cpu}, and {@code cuda:0} ... for each GPU when the natives can use them. */
    public List<String> devices() {
        List<String> devices = new ArrayList<>(List.of("cpu"));
        if (natives().cuda()) {
            int count = visible(gpus().size());
            for (int i = 0; i < count; i++) {
                devices.add("cuda:" + i);
            }
        }
        return devices;
    }

    /** A node started with {@code CUDA_VISIBLE_DEVICES=2,3} has two GPUs to give, its cuda:0 and cuda:1. */
    private int visible(int listed) {
        String visible = env.get("CUDA_VISIBLE_DEVICES");
        if (visible == null) {
            return listed;
        }
        return visible.isBlank() ? 0 : Math.min(listed, visible.split(",").length);
    }

    public NodeHardware hardware() {
        NativeLibraries natives = natives();
        return new NodeHardware(devices(), natives.describe(), natives.flavor(), gpus());
    }

    /** The {@code Model:} line of the driver's {@code information} file, e.g. "NVIDIA H200". */
    private static String model(Path gpu) {
        try (Stream<String> lines = Files.lines(gpu.resolve("information"))) {
            return lines.filter(line -> line.startsWith("Model:"))
                    .map(line -> line.substring("Model:".length()).trim())
                    .findFirst().orElse(gpu.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return gpu.getFileName().toString();
        }
    }
}
