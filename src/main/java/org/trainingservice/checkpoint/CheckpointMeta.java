package org.trainingservice.checkpoint;

/**
 * What a new checkpoint is: its sub-run, the epochs completed in it, the batches done in the next epoch (a mid-epoch
 * checkpoint), and the monitored metric it scored (NaN if none yet), for listing and retention.
 */
public record CheckpointMeta(int subRun, String label, int epoch, int batchesDone, String metric, double value,
                             boolean maximize) {
}
