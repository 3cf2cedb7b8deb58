package org.trainingservice.training;

/**
 * Where one fit sits in its job: a cross-validation fold, an ensemble member, a round of the bias-variance
 * analysis, a point of the learning curve ({@code curveFraction}: its share of the training split), or the job's
 * single model. {@code index} of {@code count} sub-runs drives the job's progress fraction.
 */
public record SubRun(Integer fold, Integer member, Integer round, int index, int count, String label,
                     Double curveFraction) {

    public static final SubRun SINGLE = new SubRun(null, null, null, 0, 1, null);

    public SubRun(Integer fold, Integer member, Integer round, int index, int count, String label) {
        this(fold, member, round, index, count, label, null);
    }

    public static SubRun fold(int fold, int folds, int count) {
        return new SubRun(fold, null, null, fold - 1, count, "fold " + fold + "/" + folds);
    }

    public static SubRun member(int member, int members, int offset, int count) {
        return new SubRun(null, member, null, offset + member - 1, count, "member " + member + "/" + members);
    }

    public static SubRun round(int round, int rounds, int offset, int count) {
        return new SubRun(null, null, round, offset + round - 1, count, "bias-variance round " + round + "/" + rounds);
    }

    /** Repeat {@code repeat} of the learning curve's point at {@code share} of the training rows ({@code rows}). */
    public static SubRun curve(double share, int rows, int repeat, int repeats, int index, int count) {
        return new SubRun(null, null, null, index, count, String.format(java.util.Locale.ROOT,
                "learning curve %s%% (%d rows), repeat %d/%d", LearningCurve.percent(share), rows, repeat, repeats), share);
    }

    public SubRun at(int newIndex, int newCount, String newLabel) {
        return new SubRun(fold, member, round, newIndex, newCount, newLabel, curveFraction);
    }
}
