package org.trainingservice.scheduler;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A worker node as {@code GET /api/v1/nodes} shows it. */
public record NodeView(
        @Schema(example = "host-1:8080") String nodeId,
        @Schema(example = "[\"cpu\"]") List<String> devices,
        @Schema(description = "jobs the node trains at once", example = "1") int slots,
        Instant startedAt,
        @Schema(description = "the node's last sign of life; its worker renews it every poll interval")
        Instant heartbeatAt,
        @Schema(description = "training processes started ahead with the engine loaded, ready to take a job at once "
                + "(as of the node's last heartbeat)", example = "1")
        int warmProcesses) {
}
