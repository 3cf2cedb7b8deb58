package org.trainingservice.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.trainingservice.training.spec.EnsembleMethod;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.ValidationSpec;
import org.trainingservice.training.spec.ValidationStrategy;

/**
 * Runs a whole job: split with the job's seed, fit the preprocessing on training rows, measure the baselines, then
 * train a single model, the folds of a cross-validation and their refit, or the members of an ensemble; optionally
 * add a bias-variance analysis and a learning curve over training-set size. Sub-runs train one after another in this
 * process. Plain Java + DJL; it knows nothing of HTTP or databases.
 *
 * <p>k-fold jobs have no validation split of their own; their baselines, bias-variance rounds and learning curve use
 * a holdout of 20% of the non-test rows instead.
 */
public final class TrainingEngine {

    public TrainingOutcome run(JobSpec spec, DataTable data, TrainingObserver observer) {
        return run(spec, data, observer, null);
    }

    /** Runs the job, continuing from {@code resume} (a checkpoint of an earlier attempt) when given. */
    public TrainingOutcome run(JobSpec spec, DataTable data, TrainingObserver observer, Checkpoint resume) {
        ValidationSpec validation = spec.validation();
        boolean kfold = validation.strategy() == ValidationStrategy.KFOLD;
        int[] labels = data.isClassification() && validation.stratify() ? data.labels() : null;
        SplitIndices split = Splitter.holdout(data.rows(), labels, kfold ? 0 : validation.validationFraction(),
                validation.testFraction(), spec.training().seed());
        if (!kfold && split.validation().length == 0) {
            throw new IllegalArgumentException("the dataset has " + data.rows()
                    + " rows: too few for a validation split; use more rows or a larger validationFraction");
        }
        EnsembleMethod ensemble = spec.ensemble().method();
        int rounds = spec.analysis() != null && spec.analysis().biasVariance() != null
                ? spec.analysis().biasVariance().rounds() : 0;
        int curve = spec.analysis() != null && spec.analysis().learningCurve() != null
                ? spec.analysis().learningCurve().fractions().size() * spec.analysis().learningCurve().repeats() : 0;
        int main = kfold ? validation.folds() + 1 : ensemble == EnsembleMethod.NONE ? 1 : spec.ensemble().members();
        Device device = Devices.resolve(spec.training().device());
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Preparation holdout = Preparation.of(data, kfold
                    ? Splitter.holdout(data.rows(), labels, 0.2, validation.testFraction(), spec.training().seed())
                    : split);
            int classes = data.isClassification() ? data.classCount() : 0;
            Baselines baselines = new BaselinePredictors(new Evaluator(spec.loss(), classes, holdout.preprocessing()),
                    spec.loss(), classes, manager, spec.training().seed()).measure(holdout);
            JobContext ctx = new JobContext(spec, data, observer, manager, main + rounds + curve, device.toString(),
                    resume, baselines);
            TrainingOutcome outcome;
            if (kfold) {
                outcome = CrossValidation.run(ctx, split);
            } else {
                Preparation prep = holdout;
                outcome = switch (ensemble) {
                    case NONE -> SingleRun.run(ctx, prep);
                    case BAGGING -> Bagging.run(ctx, prep);
                    case BOOSTING -> Boosting.run(ctx, prep);
                };
            }
            if (rounds > 0) {
                outcome = new TrainingOutcome(outcome.result().with(null, null,
                        BiasVarianceAnalysis.run(ctx, holdout, main)), outcome.model());
            }
            if (curve > 0) {
                outcome = new TrainingOutcome(outcome.result().withLearningCurve(
                        LearningCurveAnalysis.run(ctx, holdout, main + rounds)), outcome.model());
            }
            return outcome;
        }
    }
}
