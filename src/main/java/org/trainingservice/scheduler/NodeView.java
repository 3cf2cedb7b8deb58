package org.trainingservice.scheduler;

import java.time.Instant;
import java.util.List;

/** A worker node as {@code GET /api/v1/nodes} shows it. */
public record NodeView(String nodeId, List<String> devices, int slots, Instant startedAt, Instant heartbeatAt) {
}
