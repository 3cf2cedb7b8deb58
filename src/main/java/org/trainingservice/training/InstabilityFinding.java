package org.trainingservice.training;

import java.util.Locale;
import org.trainingservice.training.spec.JobSpec;

/** The {@code unstable} finding: spikes or oscillations of training loss large against its curve, or no settling. */
final class InstabilityFinding {

    /**
     * Unstable: a rise of training loss from one epoch to the next by 30% of the curve's whole range is a spike;
     * three rises of 15% are an oscillation. Adam at 0.01 on moons (the README's example) wobbles by up to 11% of the
     * range late in a run: that is ordinary mini-batch noise, not instability.
     */
    static final double SPIKE_SHARE = 0.30;
    static final double OSCILLATION_SHARE = 0.15;
    static final int OSCILLATIONS = 3;
    /** A rise counts only if it is also 5% of the loss itself: on a flat curve, wobbles are most of a tiny range. */
    static final double MIN_RELATIVE_RISE = 0.05;
    /**
     * A run whose training loss ends 50% above its lowest (and by 5% of the curve's range) bounced off its best and
     * could not settle there: the steps are too large for the end of training.
     */
    static final double ENDED_ABOVE_LOWEST = 0.50;
    static final double ENDED_ABOVE_LOWEST_OF_RANGE = 0.05;

    private InstabilityFinding() {
    }

    static Finding read(MetricHistory history, JobSpec spec) {
        if (!history.has("train_loss") || history.size() < 3) {
            return null;
        }
        double[] t = history.series("train_loss");
        int[] epochs = history.epochNumbers();
        int low = CurveFindings.lowest(t, 0, t.length - 1);
        double max = java.util.Arrays.stream(t).max().orElse(0);
        double range = max - t[low];
        if (range <= 0) {
            return null;
        }
        int rises = 0;
        int largest = -1;
        for (int i = 1; i < t.length; i++) {
            double rise = t[i] - t[i - 1];
            if (rise >= OSCILLATION_SHARE * range && rise >= MIN_RELATIVE_RISE * t[i - 1]) {
                rises++;
                if (largest < 0 || rise > t[largest] - t[largest - 1]) {
                    largest = i;
                }
            }
        }
        if (largest >= 0 && (t[largest] - t[largest - 1] >= SPIKE_SHARE * range || rises >= OSCILLATIONS)) {
            String evidence = String.format(Locale.ROOT, "training loss jumped from %.3f at epoch %d to %.3f at epoch "
                            + "%d, %.0f%% of its whole range (%.3f to %.3f); it rose by %.0f%% of the range or more "
                            + "%d times in %d epochs", t[largest - 1], epochs[largest - 1], t[largest], epochs[largest],
                    (t[largest] - t[largest - 1]) / range * 100, t[low], max, OSCILLATION_SHARE * 100, rises, t.length);
            return new Finding(Finding.Kind.UNSTABLE, epochs[largest], evidence, FindingAdvice.unstable(spec));
        }
        int last = t.length - 1;
        double above = t[last] - t[low];
        if (above >= ENDED_ABOVE_LOWEST * t[low] && above >= ENDED_ABOVE_LOWEST_OF_RANGE * range) {
            String evidence = String.format(Locale.ROOT, "training loss ended at %.3f (epoch %d), %.0f%% above its "
                            + "lowest %.3f at epoch %d: the steps were too large for it to settle", t[last], epochs[last],
                    above / t[low] * 100, t[low], epochs[low]);
            return new Finding(Finding.Kind.UNSTABLE, epochs[low], evidence, FindingAdvice.unstable(spec));
        }
        return null;
    }
}
