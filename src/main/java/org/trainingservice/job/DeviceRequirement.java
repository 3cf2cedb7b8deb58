package org.trainingservice.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether some worker node can serve a job's {@code training.device}, decided at submission: a {@code cuda} job no
 * node can serve would otherwise wait in the queue and then fail on whichever node claimed it.
 */
final class DeviceRequirement {

    private DeviceRequirement() {
    }

    /** Why no node can serve {@code device}, naming the nodes' devices; empty when one can (or none is needed). */
    static Optional<String> refusal(String device, Map<String, List<String>> devicesByNode) {
        if (!device.startsWith("cuda")) {
            return Optional.empty();
        }
        boolean served = devicesByNode.values().stream().flatMap(List::stream)
                .anyMatch(d -> device.equals("cuda") ? d.startsWith("cuda") : d.equals(device));
        if (served) {
            return Optional.empty();
        }
        String nodes = devicesByNode.isEmpty() ? "no worker node is registered"
                : "the worker nodes have " + devicesByNode.entrySet().stream()
                        .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                        .collect(Collectors.joining("; "));
        boolean anyCuda = devicesByNode.values().stream().flatMap(List::stream).anyMatch(d -> d.startsWith("cuda"));
        String what = device.equals("cuda") || !anyCuda ? "no worker has a CUDA device" : "no worker has " + device;
        String fix = anyCuda ? "use \"auto\", \"cpu\" or one of those devices" : "use \"auto\" or \"cpu\", or start a "
                + "node with CUDA natives (README \"Running on a GPU\")";
        return Optional.of(what + " (" + nodes + "); " + fix);
    }
}
