package org.trainingservice.experiment.search;

/**
 * What a searcher wants done next: start a new trial ({@link Propose}), resume a paused one ({@link Promote}), nothing
 * for now ({@link Wait}), or nothing ever again ({@link Complete}). Every searcher answers {@link Complete} only when no
 * trial is QUEUED or RUNNING, so the caller may finish the experiment as soon as it gets one.
 */
public sealed interface Decision permits Propose, Promote, Wait, Complete {
}
