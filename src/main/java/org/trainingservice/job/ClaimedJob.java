package org.trainingservice.job;

import java.util.UUID;

/** A job a worker has just claimed: what it needs to run it. {@code attempt} is 1 on the first run. */
public record ClaimedJob(UUID id, String tenant, String specJson, UUID datasetId, int attempt) {
}
