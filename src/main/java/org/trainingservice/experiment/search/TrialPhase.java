package org.trainingservice.experiment.search;

/** Where a trial is, as far as a searcher cares. */
public enum TrialPhase {
    QUEUED, RUNNING, PAUSED, SUCCEEDED, PRUNED, FAILED, CANCELLED;

    /** Queued or running: it will report something without the searcher's help. */
    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }

    /** Ended for good: succeeded, pruned, failed or cancelled. */
    public boolean isFinished() {
        return this == SUCCEEDED || this == PRUNED || this == FAILED || this == CANCELLED;
    }
}
