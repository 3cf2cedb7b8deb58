package org.trainingservice.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.trainingservice.training.spec.EarlyStoppingSpec;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Monitor;

/**
 * Reads a fit's whole learning curve (its {@link MetricHistory}) as a teacher would, and returns what it finds, most
 * important first: {@code overfitting_onset}, {@code unstable} (it explains much else), {@code underfitting},
 * {@code undertrained}, or
 * {@code good_fit} when none of these holds. Every number a finding quotes is a value of the history (or of the
 * baselines), so a person can find it on the curves. The thresholds are the constants below (and those of
 * {@link InstabilityFinding}), each with its reason.
 */
final class CurveFindings {

    /** A loss-like monitor (loss, RMSE, MAE) that ends 10% above its minimum has clearly turned, not wobbled. */
    static final double ONSET_RISE = 0.10;
    /** A score monitor (accuracy, R²) that ends 0.02 below its best has lost more than a validation split's noise. */
    static final double ONSET_DROP = 0.02;
    /** At least two epochs after the minimum: one worse epoch is noise, two in a row are a trend. */
    static final int ONSET_MIN_EPOCHS_AFTER = 2;
    /** Training loss went on to at least 5% below its value at the validation minimum: it kept improving. */
    static final double TRAIN_STILL_FALLING = 0.05;
    /** The "last part" of a run is its last quarter, and at least two epochs. */
    static final double TAIL_SHARE = 0.25;
    /**
     * Still improving: the last quarter brought at least 10% of the run's whole improvement (a straight line brings
     * 25%, a converged run next to nothing), on training and on validation loss both.
     */
    static final double STILL_IMPROVING = 0.10;
    /**
     * ... and by at least 2% of the loss itself: on a flat curve (noisy labels, a converged run) a tiny wobble is a
     * large part of a tiny improvement, and more epochs of the same would buy less than another seed changes.
     */
    static final double STILL_IMPROVING_RELATIVE = 0.02;
    /**
     * Underfitting: the training score (accuracy or R²) stays 0.05 or more below what k-nearest neighbours reach on
     * the validation split: a model that cannot even fit its training rows as well as a neighbour vote predicts
     * unseen ones is too weak (0.05 is several standard errors of a validation accuracy on a few hundred rows).
     */
    static final double UNDERFIT_SHORTFALL = 0.05;
    /** Within 0.02 of the trivial predictor's training score: the model learned next to nothing. */
    static final double TRIVIAL_MARGIN = 0.02;
    private final MetricHistory history;
    private final JobSpec spec;
    private final boolean classification;
    private final Baselines baselines;
    private final Map<String, Double> train;
    private final int bestEpoch;

    /**
     * @param spec the job's spec, for advice worded from it (null: generic advice, val_loss monitored)
     * @param baselines what trivial and classical predictors reach (null: no underfitting finding)
     * @param train the final model's training metrics
     * @param bestEpoch the result's best epoch, named by a good fit
     */
    CurveFindings(MetricHistory history, JobSpec spec, boolean classification, Baselines baselines,
                  Map<String, Double> train, int bestEpoch) {
        this.history = history;
        this.spec = spec;
        this.classification = classification;
        this.baselines = baselines;
        this.train = train;
        this.bestEpoch = bestEpoch;
    }

    List<Finding> read() {
        List<Finding> findings = new ArrayList<>();
        Finding undertrained = undertrained();
        add(findings, overfittingOnset());
        add(findings, unstable());
        add(findings, underfitting(undertrained != null));
        add(findings, undertrained);
        if (findings.isEmpty()) {
            findings.add(goodFit());
        }
        return findings;
    }

    private static void add(List<Finding> findings, Finding finding) {
        if (finding != null) {
            findings.add(finding);
        }
    }

    private Monitor monitor() {
        return Monitor.of(spec == null ? null : spec.regularization().earlyStopping());
    }

    private String score() {
        return classification ? "accuracy" : "r2";
    }

    Finding overfittingOnset() {
        Monitor watched = monitor();
        String monitor = watched.jsonName();
        if (!history.has(monitor) || !history.has("train_loss")) {
            return null;
        }
        double[] v = history.series(monitor);
        double[] t = history.series("train_loss");
        int[] epochs = history.epochNumbers();
        boolean maximize = watched.maximize();
        int m = EarlyStoppingReplay.bestIndex(v, maximize);
        int last = v.length - 1;
        if (last - m < ONSET_MIN_EPOCHS_AFTER) {
            return null;
        }
        int lowestAfter = lowest(t, m + 1, last);
        if (t[lowestAfter] > t[m] * (1 - TRAIN_STILL_FALLING)) {
            return null;
        }
        String worse;
        if (maximize) {
            if (v[m] - v[last] < ONSET_DROP) {
                return null;
            }
            worse = String.format(Locale.ROOT, "%s fell by %.3f after its best %.3f at epoch %d (%.3f at epoch %d)",
                    label(monitor), v[m] - v[last], v[m], epochs[m], v[last], epochs[last]);
        } else {
            double rise = v[m] > 0 ? (v[last] - v[m]) / v[m] : (v[last] > v[m] ? Double.POSITIVE_INFINITY : 0);
            if (rise < ONSET_RISE) {
                return null;
            }
            worse = String.format(Locale.ROOT, "%s rose %.0f%% after its minimum %.3f at epoch %d (%.3f at epoch %d)",
                    label(monitor), rise * 100, v[m], epochs[m], v[last], epochs[last]);
        }
        String evidence = worse + String.format(Locale.ROOT, " while training loss kept falling (%.3f at epoch %d, "
                + "down to %.3f at epoch %d)", t[m], epochs[m], t[lowestAfter], epochs[lowestAfter]);
        Integer patience = EarlyStoppingReplay.patienceCatching(v, maximize, m);
        EarlyStoppingSpec early = spec == null ? null : spec.regularization().earlyStopping();
        boolean kept = early != null && early.restoreBest() && bestEpoch == epochs[m];
        int stopAt = patience == null ? epochs[last] : epochs[m] + patience;
        return new Finding(Finding.Kind.OVERFITTING_ONSET, epochs[m], evidence,
                FindingAdvice.overfitting(spec, classification, monitor, patience, epochs[m], stopAt, kept));
    }

    Finding undertrained() {
        if (!history.has("train_loss") || !history.has("val_loss") || history.size() < 3) {
            return null;
        }
        double[] t = history.series("train_loss");
        double[] v = history.series("val_loss");
        int[] epochs = history.epochNumbers();
        int last = t.length - 1;
        int tail = Math.min(last, Math.max(2, (int) Math.ceil(t.length * TAIL_SHARE)));
        int from = last - tail;
        int trainBefore = lowest(t, 0, from);
        int trainAfter = lowest(t, from + 1, last);
        int valBefore = lowest(v, 0, from);
        int valAfter = lowest(v, from + 1, last);
        double trainShare = share(t, trainBefore, trainAfter);
        double valShare = share(v, valBefore, valAfter);
        if (trainShare < STILL_IMPROVING || valShare < STILL_IMPROVING
                || t[trainBefore] - t[trainAfter] < STILL_IMPROVING_RELATIVE * t[trainBefore]
                || v[valBefore] - v[valAfter] < STILL_IMPROVING_RELATIVE * v[valBefore]) {
            return null;
        }
        String evidence = String.format(Locale.ROOT, "in the last %d epochs (%d to %d) the lowest training loss fell "
                        + "from %.3f (epoch %d) to %.3f (epoch %d) and the lowest validation loss from %.3f (epoch %d) "
                        + "to %.3f (epoch %d), %.0f%% and %.0f%% of the run's whole improvement: both were still "
                        + "improving when it ended", tail, epochs[from + 1], epochs[last], t[trainBefore],
                epochs[trainBefore], t[trainAfter], epochs[trainAfter], v[valBefore], epochs[valBefore], v[valAfter],
                epochs[valAfter], trainShare * 100, valShare * 100);
        return new Finding(Finding.Kind.UNDERTRAINED, epochs[last], evidence,
                FindingAdvice.undertrained(spec, epochs[last]));
    }

    /** The index of the lowest value in {@code [from, to]} (the first, on ties). */
    static int lowest(double[] v, int from, int to) {
        int best = from;
        for (int i = from + 1; i <= to; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * How much the lowest loss so far improved in the tail ({@code before}: the lowest before it, {@code after}: the
     * lowest in it), as a part of the whole run's improvement from its first epoch; 0 if it did not improve. Lowest
     * values, not the values at the tail's ends, so that one noisy epoch neither makes nor hides a trend.
     */
    private static double share(double[] loss, int before, int after) {
        double total = loss[0] - Math.min(loss[before], loss[after]);
        double tail = loss[before] - loss[after];
        return total > 0 && tail > 0 ? tail / total : 0;
    }

    Finding underfitting(boolean stillImproving) {
        String score = score();
        Map<String, Double> trivial = baselines == null ? null : baselines.trivial("train");
        Map<String, Double> neighbours = baselines == null ? null : baselines.neighbours("validation");
        if (trivial == null || neighbours == null || train == null || !train.containsKey(score)) {
            return null;
        }
        double model = train.get(score);
        double floor = trivial.get(score);
        double knn = neighbours.get(score);
        String trivialName = classification ? "always predicting the majority class" : "always predicting the training mean";
        String name = score.equals("r2") ? "R²" : score;
        int lastEpoch = history.size() == 0 ? bestEpoch : history.epochNumbers()[history.size() - 1];
        String evidence;
        if (model - floor <= TRIVIAL_MARGIN && knn - floor >= UNDERFIT_SHORTFALL) {
            evidence = String.format(Locale.ROOT, "training %s %.3f is no better than %s (%.3f), while %d-nearest "
                    + "neighbours reach %.3f on the validation split", name, model, trivialName, floor, baselines.k(), knn);
        } else if (!stillImproving && knn - model >= UNDERFIT_SHORTFALL) {
            evidence = String.format(Locale.ROOT, "training %s levelled off at %.3f, %.3f below the %.3f that %d-nearest "
                    + "neighbours reach on the validation split (%s: %.3f)", name, model, knn - model, knn,
                    baselines.k(), trivialName, floor);
        } else {
            return null;
        }
        return new Finding(Finding.Kind.UNDERFITTING, lastEpoch, evidence, FindingAdvice.underfitting(spec));
    }

    Finding unstable() {
        return InstabilityFinding.read(history, spec);
    }

    private Finding goodFit() {
        String score = score();
        StringBuilder evidence = new StringBuilder();
        if (history.has("val_loss")) {
            double[] v = history.series("val_loss");
            int m = EarlyStoppingReplay.bestIndex(v, false);
            evidence.append(String.format(Locale.ROOT, "validation loss reached its minimum %.3f at epoch %d and ended "
                    + "at %.3f, neither clearly rising nor still falling", v[m], history.epochNumbers()[m],
                    v[v.length - 1]));
        } else {
            evidence.append("the training curve levelled off without spikes");
        }
        Map<String, Double> neighbours = baselines == null ? null : baselines.neighbours("validation");
        if (train != null && train.containsKey(score) && neighbours != null) {
            evidence.append(String.format(Locale.ROOT, "; training %s %.3f against %.3f for %d-nearest neighbours on "
                    + "validation", score.equals("r2") ? "R²" : score, train.get(score), neighbours.get(score),
                    baselines.k()));
        }
        return new Finding(Finding.Kind.GOOD_FIT, bestEpoch, evidence.toString(),
                "nothing to fix: the model generalizes; judge it by the test metrics, which nothing was tuned on");
    }

    private static String label(String metric) {
        return switch (metric) {
            case "val_loss" -> "validation loss";
            case "val_accuracy" -> "validation accuracy";
            case "val_rmse" -> "validation RMSE";
            case "val_mae" -> "validation MAE";
            case "val_r2" -> "validation R²";
            default -> metric;
        };
    }
}
