package org.trainingservice.training;

import java.util.function.Consumer;

/** How the trainer talks to whoever runs it: it reports epochs and checkpoints and asks, between batches, what to do. */
public interface TrainingObserver {

    /** An observer that hands every epoch report to {@code listener} and never stops or suspends training. */
    static TrainingObserver onEpoch(Consumer<EpochReport> listener) {
        return new TrainingObserver() {
            @Override
            public void onEpoch(EpochReport report) {
                listener.accept(report);
            }

            @Override
            public boolean shouldStop() {
                return false;
            }
        };
    }

    void onEpoch(EpochReport report);

    /** Asked between batches; {@code true} ends training with {@link TrainingCancelledException}. */
    boolean shouldStop();

    /**
     * Asked between batches; {@code true} writes a checkpoint at this batch boundary and ends training with
     * {@link TrainingSuspendedException}, so that another process can continue exactly there.
     */
    default boolean shouldSuspend() {
        return false;
    }

    /**
     * Asked after every completed epoch; {@code true} checkpoints there and ends the fit as if it were the last epoch
     * (an experiment's trial pausing at a rung). The spec's epochs still set the schedule, so a run resumed from that
     * checkpoint continues exactly as an uninterrupted one.
     */
    default boolean pauseAfter(int epoch) {
        return false;
    }

    /** A checkpoint of the whole job (see {@link Checkpoint}) at the end of an epoch or on suspension. */
    default void onCheckpoint(byte[] checkpoint, CheckpointInfo info) {
    }
}
