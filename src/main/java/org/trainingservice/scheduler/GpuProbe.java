package org.trainingservice.scheduler;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Finds the CUDA devices this node's training processes could use, without loading the engine into the API process:
 * NVIDIA GPUs the kernel driver lists, and only when a CUDA build of PyTorch's natives is on the class path (the
 * default build here is {@code pytorch-native-cpu}, which cannot use a GPU even where one exists).
 */
@Component
public class GpuProbe {

    private static final Path NVIDIA_GPUS = Path.of("/proc/driver/nvidia/gpus");

    public List<String> devices() {
        List<String> devices = new ArrayList<>(List.of("cpu"));
        if (!cudaNativesPresent()) {
            return devices;
        }
        try (Stream<Path> gpus = Files.list(NVIDIA_GPUS)) {
            long count = gpus.count();
            for (int i = 0; i < count; i++) {
                devices.add("cuda:" + i);
            }
        } catch (Exception e) {
            // no driver: CPU only
        }
        return devices;
    }

    private static boolean cudaNativesPresent() {
        return Stream.of(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .anyMatch(entry -> entry.contains("pytorch-native-cu"));
    }
}
