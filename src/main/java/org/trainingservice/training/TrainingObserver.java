package org.trainingservice.training;

/** How the trainer talks to whoever runs it: it reports epochs and checkpoints and asks, between batches, what to do. */
public interface TrainingObserver {

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

    /** A checkpoint of the whole job (see {@code CheckpointCodec}) at the end of an epoch or on suspension. */
    default void onCheckpoint(byte[] checkpoint, CheckpointInfo info) {
    }
}
