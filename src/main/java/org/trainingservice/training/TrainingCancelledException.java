package org.trainingservice.training;

/** Training stopped because the observer asked it to. */
public class TrainingCancelledException extends RuntimeException {

    public TrainingCancelledException(int epoch) {
        super("cancelled during epoch " + epoch);
    }
}
