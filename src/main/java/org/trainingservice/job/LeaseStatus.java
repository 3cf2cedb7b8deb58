package org.trainingservice.job;

/** What a heartbeat learned: the lease is still ours (and whether a cancel was asked for), or it was lost. */
public enum LeaseStatus {
    HELD, CANCEL_REQUESTED, LOST
}
