package org.trainingservice.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bagging: each member trains on a bootstrap resample of the training split; the ensemble averages class
 * probabilities (classification) or outputs (regression). The out-of-bag estimate scores each training row with the
 * members that never saw it.
 */
final class Bagging {

    private Bagging() {
    }

    static TrainingOutcome run(JobContext ctx, Preparation prep) {
        int members = ctx.spec().ensemble().members();
        int width = ctx.outputs();
        PreparedSplit train = prep.train();
        int sampleSize = (int) Math.max(2, Math.round(ctx.spec().ensemble().sampleFraction() * train.rows()));
        int[] all = java.util.stream.IntStream.range(0, train.rows()).toArray();
        Evaluator evaluator = ctx.evaluator(prep.preprocessing());
        Map<String, PreparedSplit> splits = JobContext.allSplits(prep);
        List<TrainingResult.Member> memberResults = new ArrayList<>();
        List<TrainedModel.Member> models = new ArrayList<>();
        Map<String, List<float[]>> outputs = new java.util.LinkedHashMap<>();
        splits.keySet().forEach(name -> outputs.put(name, new ArrayList<>()));
        double[] oobSums = new double[train.rows() * width];
        int[] oobCounts = new int[train.rows()];
        FitOutcome last = null;
        for (int m = 1; m <= members; m++) {
            int[] sample = Splitter.bootstrap(all, sampleSize, ctx.seed() * 31 + m);
            JobContext.Fitted fitted = ctx.fit(ctx.spec(), evaluator, train.select(sample), prep.validation(),
                    ctx.seed() + m, SubRun.member(m, members, 0, ctx.subRuns()), splits);
            last = fitted.fit();
            fitted.outputs().forEach((name, out) -> outputs.get(name).add(out));
            boolean[] inBag = new boolean[train.rows()];
            for (int r : sample) {
                inBag[r] = true;
            }
            float[] trainOut = fitted.outputs().get("train");
            double[] memberScores = ctx.data().isClassification() ? Ensembles.softmax(trainOut, train.rows(), width) : toDoubles(trainOut);
            for (int r = 0; r < train.rows(); r++) {
                if (!inBag[r]) {
                    oobCounts[r]++;
                    for (int k = 0; k < width; k++) {
                        oobSums[r * width + k] += memberScores[r * width + k];
                    }
                }
            }
            Map<String, Double> memberMetrics = evaluator.metrics(fitted.outputs().getOrDefault("test",
                    fitted.outputs().get("validation")), splits.containsKey("test") ? prep.test() : prep.validation());
            memberResults.add(new TrainingResult.Member(m, memberMetrics, 1.0, null, null));
            models.add(new TrainedModel.Member(fitted.parameters(), 1.0));
        }
        Evaluator ensembleEvaluator = ctx.ensembleEvaluator(prep.preprocessing());
        Map<String, float[]> combined = new java.util.LinkedHashMap<>();
        outputs.forEach((name, list) -> combined.put(name, Ensembles.combine(TrainedModel.Combination.AVERAGE, list, null,
                splits.get(name).rows(), width, ctx.data().isClassification())));
        Map<String, Map<String, Double>> metrics = ctx.splitMetrics(ensembleEvaluator, combined, prep);
        TrainingResult.Ensemble ensemble = new TrainingResult.Ensemble("bagging", memberResults,
                metrics.getOrDefault("test", metrics.get("validation")), outOfBag(ctx, ensembleEvaluator, train, oobSums, oobCounts));
        TrainingResult result = ctx.result(metrics, last)
                .with(null, ensemble, null);
        return new TrainingOutcome(result, ctx.model(prep.preprocessing(), TrainedModel.Combination.AVERAGE, models));
    }

    /** Metrics of the out-of-bag predictions, over the training rows that at least one member left out. */
    private static Map<String, Double> outOfBag(JobContext ctx, Evaluator evaluator, PreparedSplit train,
                                                double[] sums, int[] counts) {
        int width = ctx.outputs();
        int[] covered = java.util.stream.IntStream.range(0, train.rows()).filter(r -> counts[r] > 0).toArray();
        if (covered.length == 0) {
            return null;
        }
        float[] out = new float[covered.length * width];
        for (int i = 0; i < covered.length; i++) {
            int r = covered[i];
            for (int k = 0; k < width; k++) {
                double mean = sums[r * width + k] / counts[r];
                out[i * width + k] = ctx.data().isClassification() ? (float) Math.log(Math.max(mean, 1e-7)) : (float) mean;
            }
        }
        Map<String, Double> metrics = new java.util.LinkedHashMap<>(evaluator.metrics(out, train.select(covered)));
        metrics.put("coverage", (double) covered.length / train.rows());
        return metrics;
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
