package org.trainingservice.training;

import java.util.function.Supplier;
import org.trainingservice.training.spec.EarlyStoppingSpec;
import org.trainingservice.training.spec.Monitor;

/**
 * Watches one validation metric across epochs: the best value and its epoch, the epochs since, and (with
 * {@code restoreBest}) the best epoch's parameters. Without an early-stopping spec it still tracks the validation loss's
 * best epoch but never stops and keeps no parameters.
 */
final class EarlyStopping {

    /** What a checkpoint keeps of it, so that a resumed fit stops where the uninterrupted one would have. */
    public record State(double best, int bestEpoch, int sinceBest, byte[] bestParameters) {
    }

    private final Monitor monitor;
    private final double minDelta;
    private final int patience;
    private final boolean restoreBest;
    private double best;
    private int bestEpoch;
    private int sinceBest;
    private byte[] bestParameters;
    private double last = Double.NaN;

    private EarlyStopping(Monitor monitor, double minDelta, int patience, boolean restoreBest) {
        this.monitor = monitor;
        this.minDelta = minDelta;
        this.patience = patience;
        this.restoreBest = restoreBest;
        this.best = monitor.maximize() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /** @param early the spec with its defaults applied, or null when the fit runs its full epochs */
    public static EarlyStopping of(EarlyStoppingSpec early) {
        return early == null ? new EarlyStopping(Monitor.VAL_LOSS, 0, Integer.MAX_VALUE, false)
                : new EarlyStopping(Monitor.of(early), early.minDelta(), early.patience(), early.restoreBest());
    }

    public Monitor monitor() {
        return monitor;
    }

    /**
     * Takes an epoch's value of the monitored metric (NaN when absent: never an improvement); on an improvement
     * {@code parameters} is asked for the model's parameters when they are to be restored at the end.
     */
    public void observe(int epoch, double value, Supplier<byte[]> parameters) {
        last = value;
        boolean improved = monitor.maximize() ? value > best + minDelta : value < best - minDelta;
        if (improved) {
            best = value;
            bestEpoch = epoch;
            sinceBest = 0;
            if (restoreBest) {
                bestParameters = parameters.get();
            }
        } else {
            sinceBest++;
        }
    }

    /** Whether {@code patience} epochs have gone by without an improvement. */
    public boolean shouldStop() {
        return sinceBest >= patience;
    }

    /** The value last observed ({@code NaN} before the first epoch of this fit), for the checkpoint's record. */
    public double lastValue() {
        return last;
    }

    /** The best epoch, or {@code lastEpoch} when no epoch improved on the start (no validation metric to watch). */
    public int bestEpochOr(int lastEpoch) {
        return bestEpoch == 0 ? lastEpoch : bestEpoch;
    }

    /** The best epoch's parameters when the fit ended elsewhere and they were kept; null when nothing is to restore. */
    public byte[] parametersToRestore(int lastEpoch) {
        return bestParameters != null && bestEpoch != lastEpoch ? bestParameters : null;
    }

    public State state() {
        return new State(best, bestEpoch, sinceBest, bestParameters);
    }

    public void resume(State state) {
        best = state.best();
        bestEpoch = state.bestEpoch();
        sinceBest = state.sinceBest();
        bestParameters = state.bestParameters();
    }
}
