package org.trainingservice.training;

/** How the trainer talks to whoever runs it: it reports epochs and asks, between batches, whether to stop. */
public interface TrainingObserver {

    void onEpoch(EpochReport report);

    /** Asked between batches; {@code true} ends training with {@link TrainingCancelledException}. */
    boolean shouldStop();
}
