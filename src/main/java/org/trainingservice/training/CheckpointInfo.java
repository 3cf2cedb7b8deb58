package org.trainingservice.training;

/**
 * What a checkpoint is, for listing and retention: its sub-run, the epochs completed in it, whether it was taken mid
 * epoch (on suspension), and the monitored metric it scored.
 */
public record CheckpointInfo(int subRun, String label, int epoch, int batchesDone, String metric, double value,
                             boolean maximize) {
}
