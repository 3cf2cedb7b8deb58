package org.trainingservice.training;

/** Training stopped after a checkpoint because the observer asked to hand the job over (a node shutting down). */
public class TrainingSuspendedException extends RuntimeException {

    public TrainingSuspendedException(int epoch) {
        super("suspended during epoch " + epoch + " after a checkpoint");
    }
}
