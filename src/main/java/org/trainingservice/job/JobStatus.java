package org.trainingservice.job;

/**
 * {@code QUEUED -> RUNNING -> SUCCEEDED | FAILED}; {@code QUEUED | RUNNING -> CANCELLING -> CANCELLED}; a RUNNING job
 * whose lease expires goes back to QUEUED.
 */
public enum JobStatus {
    QUEUED, RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
