package org.trainingservice.training;

/** Receives a fit's progress whenever a checkpoint is due. */
@FunctionalInterface
public interface CheckpointSink {

    CheckpointSink NONE = (progress, metric, value) -> {
    };

    /**
     * @param metric the monitored metric's name, like {@code val_loss}
     * @param value its value at the last completed epoch ({@code NaN} before the first)
     */
    void save(FitProgress progress, String metric, double value);
}
