package org.trainingservice.scheduler;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node's worker slots, per device: {@code training.worker.slots} for jobs on the CPU and
 * {@code training.worker.gpu-slots} for each GPU, so that every training process on a GPU has that GPU to itself (or
 * shares it with as many as the node allows). It says which queued jobs the node can take now, by the
 * {@code training.device} they asked for, and which device a claimed job gets.
 *
 * <p>{@code auto} means the node's GPUs where it has any (the least busy one), and the CPU where it has none; on a GPU
 * node the CPU slots serve jobs that ask for {@code cpu}. {@code cuda} is any GPU, {@code cuda:N} that one.
 */
final class DeviceSlots {

    static final String CPU = "cpu";

    /** Free slots by device, in the node's order: {@code cpu} first, then {@code cuda:0}, {@code cuda:1}, ... */
    private final Map<String, Integer> free = new LinkedHashMap<>();
    private final Map<String, Integer> capacity;

    /**
     * @param devices the devices the node's natives can use ({@code cpu} and {@code cuda:N}), as {@link GpuProbe} lists
     * @param cpuSlots jobs trained on the CPU at once
     * @param slotsPerGpu jobs trained on each GPU at once
     */
    DeviceSlots(List<String> devices, int cpuSlots, int slotsPerGpu) {
        free.put(CPU, Math.max(0, cpuSlots));
        devices.stream().filter(d -> d.startsWith("cuda:")).forEach(gpu -> free.put(gpu, Math.max(0, slotsPerGpu)));
        capacity = Map.copyOf(free);
    }

    /** The slots of each device, as {@code GET /api/v1/nodes} shows them. */
    synchronized Map<String, Integer> capacity() {
        Map<String, Integer> ordered = new LinkedHashMap<>();
        free.keySet().forEach(device -> ordered.put(device, capacity.get(device)));
        return ordered;
    }

    int total() {
        return capacity.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The {@code training.device} values of queued jobs this node could start now; empty when every slot is busy. */
    synchronized Set<String> claimable() {
        Set<String> devices = new LinkedHashSet<>();
        if (free.get(CPU) > 0) {
            devices.add(CPU);
            if (!hasGpus()) {
                devices.add("auto");
            }
        }
        free.forEach((device, slots) -> {
            if (!device.equals(CPU) && slots > 0) {
                devices.add(device);
                devices.add("cuda");
                devices.add("auto");
            }
        });
        return devices;
    }

    /**
     * Takes a slot for a job that asked for {@code requested} and answers the device it runs on ({@code cpu} or
     * {@code cuda:N}); empty when no slot that serves it is free.
     */
    synchronized Optional<String> take(String requested) {
        Optional<String> device = switch (requested) {
            case CPU -> freeSlot(CPU);
            case "auto" -> hasGpus() ? leastBusyGpu() : freeSlot(CPU);
            case "cuda" -> leastBusyGpu();
            default -> free.containsKey(requested) && !requested.equals(CPU) ? freeSlot(requested) : Optional.empty();
        };
        device.ifPresent(d -> free.merge(d, -1, Integer::sum));
        return device;
    }

    /** Gives back the slot of a job that ran on {@code device}. */
    synchronized void release(String device) {
        free.computeIfPresent(device, (d, slots) -> Math.min(capacity.get(d), slots + 1));
    }

    private boolean hasGpus() {
        return free.size() > 1;
    }

    private Optional<String> freeSlot(String device) {
        return free.getOrDefault(device, 0) > 0 ? Optional.of(device) : Optional.empty();
    }

    /** The GPU with the most free slots (the lowest index among equals), so that jobs spread over the GPUs. */
    private Optional<String> leastBusyGpu() {
        String best = null;
        for (Map.Entry<String, Integer> e : free.entrySet()) {
            if (!e.getKey().equals(CPU) && e.getValue() > 0 && (best == null || e.getValue() > free.get(best))) {
                best = e.getKey();
            }
        }
        return Optional.ofNullable(best);
    }
}
