package org.trainingservice.scheduler;

/**
 * When {@link WarmProcesses} starts the replacement of a process a job took: at once where one of the node's slots is
 * free for a next job to use it; where every slot is busy, not before a job ends. Until then it could not be used,
 * and loading it would take the cores from the jobs training (on 2 cores, a small job's training took 40% longer
 * beside a loading process). Not thread-safe: the pool calls it under its lock.
 */
final class SlotAccount {

    private int slots = Integer.MAX_VALUE;
    /** Jobs between {@link WarmProcesses#startFor} and {@link WarmProcesses#jobEnded}: each holds a slot. */
    private int jobs;
    /** Replacements put off until a job ends. */
    private int owed;

    /** A (re)started pool on a node of {@code nodeSlots}: nothing owed; jobs under way still count. */
    void reset(int nodeSlots) {
        slots = nodeSlots;
        owed = 0;
    }

    void jobStarted() {
        jobs++;
    }

    /** A process was taken: whether its replacement starts now (else it is owed to the next job's end). */
    boolean replaceNow() {
        if (jobs < slots) {
            return true;
        }
        owed++;
        return false;
    }

    /** A job ended: whether a replacement owed starts now. */
    boolean jobEnded() {
        jobs--;
        if (owed > 0) {
            owed--;
            return true;
        }
        return false;
    }
}
