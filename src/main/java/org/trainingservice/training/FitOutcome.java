package org.trainingservice.training;

import ai.djl.nn.SequentialBlock;

/**
 * The end of one fit: the model (best weights restored where asked) and how the run went. {@code paused}: it stopped
 * after the epoch its observer asked to pause at, with a checkpoint to continue from.
 */
public record FitOutcome(SequentialBlock block, int bestEpoch, int epochsRun, boolean stoppedEarly, long steps,
                         boolean paused) {
}
