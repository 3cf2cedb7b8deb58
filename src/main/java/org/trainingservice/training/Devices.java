package org.trainingservice.training;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Turns the spec's {@code training.device} into a DJL device, or says plainly why it cannot. */
final class Devices {

    private Devices() {
    }

    public static Device resolve(String requested) {
        int gpus = Engine.getInstance().getGpuCount();
        if (requested == null || requested.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (requested.equals("cpu")) {
            return Device.cpu();
        }
        int index = index(requested, System.getenv("CUDA_VISIBLE_DEVICES"));
        if (index >= gpus) {
            throw new IllegalStateException("training.device '" + requested + "' asks for CUDA device " + index
                    + " but this node's PyTorch engine sees " + gpus + " CUDA device(s)"
                    + (gpus == 0 ? " (a CPU-only PyTorch build or no GPU); use \"auto\" or \"cpu\"" : ""));
        }
        return Device.gpu(index);
    }

    /**
     * The engine's index of the GPU a {@code cuda} / {@code cuda:N} job asked for. A worker node starts the training
     * process of such a job with {@code CUDA_VISIBLE_DEVICES} naming that one GPU, which the process then sees as its
     * only device, 0.
     */
    static int index(String requested, String cudaVisibleDevices) {
        if (cudaVisibleDevices != null && !cudaVisibleDevices.isBlank() && !cudaVisibleDevices.contains(",")) {
            return 0;
        }
        return requested.equals("cuda") ? 0 : Integer.parseInt(requested.substring("cuda:".length()));
    }
}
