package org.trainingservice.training;

/**
 * Where one fit sits in its job: a cross-validation fold, an ensemble member, a round of the bias-variance
 * analysis, or the job's single model. {@code index} of {@code count} sub-runs drives the job's progress fraction.
 */
public record SubRun(Integer fold, Integer member, Integer round, int index, int count, String label) {

    public static final SubRun SINGLE = new SubRun(null, null, null, 0, 1, null);

    public static SubRun fold(int fold, int folds, int count) {
        return new SubRun(fold, null, null, fold - 1, count, "fold " + fold + "/" + folds);
    }

    public static SubRun member(int member, int members, int offset, int count) {
        return new SubRun(null, member, null, offset + member - 1, count, "member " + member + "/" + members);
    }

    public static SubRun round(int round, int rounds, int offset, int count) {
        return new SubRun(null, null, round, offset + round - 1, count, "bias-variance round " + round + "/" + rounds);
    }

    public SubRun at(int newIndex, int newCount, String newLabel) {
        return new SubRun(fold, member, round, newIndex, newCount, newLabel);
    }
}
