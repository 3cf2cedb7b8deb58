package org.trainingservice.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.trainingservice.training.spec.JobSpec;

/**
 * k-fold cross-validation: one model per fold, trained on the other folds and validated on its own; then a refit on
 * all non-test rows (for the mean best epoch of the folds when early stopping is on) whose test metrics are the job's.
 */
final class CrossValidation {

    private CrossValidation() {
    }

    static TrainingOutcome run(JobContext ctx, SplitIndices holdout) {
        DataTable data = ctx.data();
        int k = ctx.spec().validation().folds();
        int[] nonTest = IntStream.concat(Arrays.stream(holdout.train()), Arrays.stream(holdout.validation())).sorted().toArray();
        if (nonTest.length < 2 * k) {
            throw new IllegalArgumentException(k + "-fold cross-validation needs at least " + 2 * k
                    + " non-test rows, the dataset has " + nonTest.length + "; use fewer folds or more rows");
        }
        int[] labels = data.isClassification() && ctx.spec().validation().stratify() ? data.labels() : null;
        List<int[]> folds = Splitter.folds(nonTest, labels, k, ctx.seed());
        List<TrainingResult.Fold> foldResults = new ArrayList<>();
        List<Map<String, Double>> foldMetrics = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int held = f;
            int[] trainRows = IntStream.range(0, k).filter(i -> i != held).flatMap(i -> Arrays.stream(folds.get(i))).toArray();
            Preparation prep = Preparation.of(data, new SplitIndices(trainRows, folds.get(f), new int[0]));
            JobContext.Fitted fitted = ctx.fit(ctx.spec(), ctx.evaluator(prep.preprocessing()), prep.train(),
                    prep.validation(), ctx.seed() + f + 1, SubRun.fold(f + 1, k, ctx.subRuns()), Map.of());
            foldMetrics.add(fitted.validation());
            foldResults.add(new TrainingResult.Fold(f + 1, fitted.validation(), fitted.fit().bestEpoch(),
                    fitted.fit().epochsRun()));
        }
        int refitEpochs = ctx.spec().regularization().earlyStopping() == null ? ctx.spec().training().epochs()
                : (int) Math.max(1, Math.round(foldResults.stream().mapToInt(TrainingResult.Fold::bestEpoch).average().orElse(1)));
        JobSpec refitSpec = Specs.fixedEpochs(ctx.spec(), refitEpochs);
        Preparation prep = Preparation.of(data, new SplitIndices(nonTest, new int[0], holdout.test()));
        Evaluator evaluator = ctx.evaluator(prep.preprocessing());
        JobContext.Fitted refit = ctx.fit(refitSpec, evaluator, prep.train(), null, ctx.seed(),
                new SubRun(null, null, null, k, ctx.subRuns(), "refit on all non-test rows"), JobContext.allSplits(prep));
        Map<String, Map<String, Double>> metrics = ctx.splitMetrics(evaluator, refit.outputs(), prep);
        Map<String, Double> mean = Statistics.mean(foldMetrics);
        // the honest validation estimate of a refit model is the folds' mean
        Map<String, Map<String, Double>> reported = new java.util.LinkedHashMap<>();
        reported.put("train", metrics.get("train"));
        reported.put("validation", mean);
        if (metrics.containsKey("test")) {
            reported.put("test", metrics.get("test"));
        }
        TrainingResult result = ctx.result(reported, refit.fit())
                .with(new TrainingResult.CrossValidation(foldResults, mean, Statistics.std(foldMetrics), refitEpochs), null, null);
        return new TrainingOutcome(result, ctx.model(prep.preprocessing(), TrainedModel.Combination.SINGLE,
                List.of(new TrainedModel.Member(refit.parameters(), 1.0))));
    }
}
