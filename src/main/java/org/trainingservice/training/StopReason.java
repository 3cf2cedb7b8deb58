package org.trainingservice.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why training ended. */
public enum StopReason {
    /** every epoch of the spec ran */
    @JsonProperty("completed") COMPLETED,
    /** early stopping ended it: the monitored metric stopped improving */
    @JsonProperty("early_stopping") EARLY_STOPPING,
    /** an experiment's trial reached the epoch it was to pause at, and waits for its searcher */
    @JsonProperty("paused") PAUSED,
    /** an experiment's trial that its searcher never promoted past its last rung */
    @JsonProperty("pruned") PRUNED;

    static StopReason of(FitOutcome fit) {
        return fit.paused() ? PAUSED : fit.stoppedEarly() ? EARLY_STOPPING : COMPLETED;
    }
}
