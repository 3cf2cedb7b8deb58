package org.trainingservice.job;

import java.util.UUID;

/**
 * A job a worker has just claimed: what it needs to run it. {@code attempt} is 1 on the first run; {@code promotions}
 * counts the attempts an experiment started by promoting the trial (they are not failures); {@code pauseAtEpoch}, for
 * an experiment's trial, is the epoch after which it checkpoints and waits PAUSED (null: train to the end);
 * {@code device} is the job's {@code training.device} as asked for ({@code auto}, {@code cpu}, {@code cuda:N});
 * {@code experimentId} is the experiment of a trial (null for any other job).
 */
public record ClaimedJob(UUID id, String tenant, String specJson, UUID datasetId, int attempt, int promotions,
                         Integer pauseAtEpoch, String device, UUID experimentId) {
}
