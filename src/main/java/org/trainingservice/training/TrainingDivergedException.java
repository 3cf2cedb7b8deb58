package org.trainingservice.training;

/** The loss became NaN or infinite: further steps would only produce NaNs. */
public class TrainingDivergedException extends RuntimeException {

    private final int epoch;
    private final long step;

    public TrainingDivergedException(int epoch, long step, double loss) {
        super("training diverged: the loss became " + loss + " at epoch " + epoch + ", step " + step
                + "; lower the learning rate, set optimizer.clipGradient, or standardize the inputs");
        this.epoch = epoch;
        this.step = step;
    }

    public int epoch() {
        return epoch;
    }

    public long step() {
        return step;
    }
}
