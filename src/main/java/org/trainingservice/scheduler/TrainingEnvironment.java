package org.trainingservice.scheduler;

import java.util.Map;

/**
 * The part of a training process's environment that chooses its PyTorch natives and its GPU: the variables DJL reads
 * to load a local libtorch ({@link NativeLibraries}), and {@code CUDA_VISIBLE_DEVICES} so that a job asking for
 * {@code cuda:N} gets GPU N and no other. GPUs are numbered in PCI bus order, the order of
 * {@code /proc/driver/nvidia/gpus} and of {@code GET /api/v1/nodes} (CUDA's own default order is fastest first).
 */
final class TrainingEnvironment {

    private TrainingEnvironment() {
    }

    public static void addTo(Map<String, String> env, NativeLibraries natives, String device) {
        if (natives instanceof NativeLibraries.LocalLibtorch local) {
            env.put("PYTORCH_LIBRARY_PATH", local.folder().toString());
            env.put("PYTORCH_FLAVOR", local.flavor());
            env.put("PYTORCH_VERSION", NativeLibraries.PYTORCH_VERSION);
        } else if (natives instanceof NativeLibraries.IgnoredLibraryPath) {
            // DJL would ignore it anyway; leaving it out says so plainly in the process's environment
            env.remove("PYTORCH_LIBRARY_PATH");
        }
        if (device.startsWith("cuda")) {
            String requested = device.equals("cuda") ? "0" : device.substring("cuda:".length());
            env.put("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
            env.put("CUDA_VISIBLE_DEVICES", physical(env.get("CUDA_VISIBLE_DEVICES"), requested));
        } else if (device.equals("cpu")) {
            // a CPU job on a GPU node must not create a CUDA context on (and take memory of) someone else's GPU
            env.put("CUDA_VISIBLE_DEVICES", "");
        } else if (natives.cuda()) {
            env.put("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
        }
    }

    /**
     * GPU {@code requested} as the node counts them: where the node itself runs restricted to some GPUs
     * ({@code CUDA_VISIBLE_DEVICES=2,3}), its {@code cuda:1} is physical GPU 3.
     */
    static String physical(String nodeVisible, String requested) {
        if (nodeVisible == null || nodeVisible.isBlank()) {
            return requested;
        }
        String[] visible = nodeVisible.split(",");
        int index = Integer.parseInt(requested);
        return index < visible.length ? visible[index].trim() : requested;
    }
}
