package org.trainingservice.scheduler;

/**
 * What must be fixed before a training process starts and may differ between jobs: its maximum heap, its niceness and
 * the GPU it is started for. A warm process serves only a job whose profile equals its own; any other job gets a cold
 * start with its own profile. (What is the same for every process of a node, such as the allocator settings, the MKL
 * preload and the thread settings, needs no comparing.)
 *
 * @param heap the maximum Java heap, as {@code -Xmx} takes it
 * @param nice the scheduling niceness
 * @param gpu the CUDA device index of the GPU slot the job got ({@link DeviceSlots}), or null for a job on the CPU;
 *     a process for one GPU is started for it alone, so it is never a warm one
 */
record ProcessProfile(String heap, int nice, Integer gpu) {

    /** The profile of a job that asks for {@code device} ({@code auto}, {@code cpu}, {@code cuda}, {@code cuda:N}). */
    static ProcessProfile of(String heap, int nice, String device) {
        return new ProcessProfile(heap, nice, gpuOf(device));
    }

    private static Integer gpuOf(String device) {
        if (device == null || !device.startsWith("cuda")) {
            return null;
        }
        return device.equals("cuda") ? 0 : Integer.valueOf(device.substring("cuda:".length()));
    }
}
