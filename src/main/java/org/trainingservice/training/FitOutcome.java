package org.trainingservice.training;

import ai.djl.nn.SequentialBlock;

/**
 * The end of one fit: the model (best weights restored where asked), how the run went, and every epoch's metrics.
 * {@code paused}: it stopped after the epoch its observer asked to pause at, with a checkpoint to continue from.
 */
record FitOutcome(SequentialBlock block, int bestEpoch, int epochsRun, boolean stoppedEarly, long steps,
                         MetricHistory history, boolean paused) {

    public FitOutcome {
        history = history == null ? MetricHistory.EMPTY : history;
    }

    public FitOutcome(SequentialBlock block, int bestEpoch, int epochsRun, boolean stoppedEarly, long steps) {
        this(block, bestEpoch, epochsRun, stoppedEarly, steps, MetricHistory.EMPTY, false);
    }
}
