package org.trainingservice.scheduler;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A worker node as {@code GET /api/v1/nodes} shows it. */
record NodeView(
        @Schema(example = "host-1:8080") String nodeId,
        @Schema(description = "devices jobs can ask for on this node", example = "[\"cpu\", \"cuda:0\"]") List<String> devices,
        @Schema(description = "jobs the node trains at once, on all its devices", example = "2") int slots,
        Instant startedAt,
        @Schema(description = "the node's last sign of life; its worker renews it every poll interval")
        Instant heartbeatAt,
        @Schema(description = "where the node's training processes load PyTorch's natives from, and why a "
                + "PYTORCH_LIBRARY_PATH was ignored if it was", example = "libtorch at /opt/libtorch/lib (PYTORCH_LIBRARY_PATH)")
        String natives,
        @Schema(description = "flavour of those natives: cpu, or a CUDA build such as cu128", example = "cu128") String flavor,
        @Schema(description = "GPUs the node's NVIDIA driver lists, in PCI bus order (cuda:N is the N-th); listed even "
                + "when CPU natives cannot use them", example = "[\"NVIDIA H200\"]") List<String> gpus,
        @Schema(description = "training processes started ahead with the engine loaded, ready to take a job at once "
                + "(as of the node's last heartbeat)", example = "1")
        int warmProcesses,
        @Schema(description = "worker slots per device: training.worker.slots on the CPU, training.worker.gpu-slots on "
                + "each GPU; a job waits for a node with a free slot on the device it asked for",
                example = "{\"cpu\": 1, \"cuda:0\": 1}")
        Map<String, Integer> slotsByDevice) {
}
