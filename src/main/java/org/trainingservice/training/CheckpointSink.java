package org.trainingservice.training;

import org.trainingservice.training.spec.Monitor;

/** Receives a fit's progress whenever a checkpoint is due. */
@FunctionalInterface
interface CheckpointSink {

    CheckpointSink NONE = (progress, monitor, value) -> {
    };

    /**
     * @param monitor the monitored metric, whose direction says which checkpoint is best
     * @param value its value at the last completed epoch ({@code NaN} before the first)
     */
    void save(FitProgress progress, Monitor monitor, double value);
}
