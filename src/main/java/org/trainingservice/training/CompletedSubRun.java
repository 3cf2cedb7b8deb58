package org.trainingservice.training;

import java.util.Map;

/** A finished sub-run as a checkpoint keeps it, so that a resumed job does not train it again. */
record CompletedSubRun(int index, byte[] parameters, Map<String, float[]> outputs, Map<String, Double> validation,
                              int bestEpoch, int epochsRun, boolean stoppedEarly, long steps, MetricHistory history) {

    public CompletedSubRun {
        history = history == null ? MetricHistory.EMPTY : history;
    }

    public CompletedSubRun(int index, byte[] parameters, Map<String, float[]> outputs, Map<String, Double> validation,
                           int bestEpoch, int epochsRun, boolean stoppedEarly, long steps) {
        this(index, parameters, outputs, validation, bestEpoch, epochsRun, stoppedEarly, steps, MetricHistory.EMPTY);
    }
}
