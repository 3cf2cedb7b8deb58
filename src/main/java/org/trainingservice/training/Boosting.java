package org.trainingservice.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Boosting, members trained in sequence. Classification: multi-class AdaBoost (SAMME, Zhu et al. 2009) with the sample
 * weights in the loss. Regression: gradient boosting with squared loss, each member fitted to the residuals of the
 * ensemble so far and added with the shrinkage.
 */
final class Boosting {

    private Boosting() {
    }

    static TrainingOutcome run(JobContext ctx, Preparation prep) {
        return ctx.data().isClassification() ? samme(ctx, prep) : gradient(ctx, prep);
    }

    private static TrainingOutcome samme(JobContext ctx, Preparation prep) {
        int members = ctx.spec().ensemble().members();
        double shrinkage = ctx.spec().ensemble().shrinkage();
        int k = ctx.outputs();
        PreparedSplit train = prep.train();
        Evaluator evaluator = ctx.evaluator(prep.preprocessing());
        Evaluator ensembleEvaluator = ctx.ensembleEvaluator(prep.preprocessing());
        Map<String, PreparedSplit> splits = JobContext.allSplits(prep);
        String scored = splits.containsKey("test") ? "test" : "validation";
        double[] weights = new double[train.rows()];
        java.util.Arrays.fill(weights, 1.0 / train.rows());
        List<Double> alphas = new ArrayList<>();
        Map<String, List<float[]>> outputs = new java.util.LinkedHashMap<>();
        splits.keySet().forEach(name -> outputs.put(name, new ArrayList<>()));
        List<TrainingResult.Member> results = new ArrayList<>();
        List<TrainedModel.Member> models = new ArrayList<>();
        FitOutcome last = null;
        for (int m = 1; m <= members; m++) {
            JobContext.Fitted fitted = ctx.fit(ctx.spec(), evaluator, train.withWeights(weights), prep.validation(),
                    ctx.seed() + m, SubRun.member(m, members, 0, ctx.subRuns()), splits);
            last = fitted.fit();
            float[] trainOut = fitted.outputs().get("train");
            boolean[] wrong = new boolean[train.rows()];
            double error = 0;
            double total = 0;
            for (int r = 0; r < train.rows(); r++) {
                wrong[r] = Ensembles.argmax(trainOut, r, k) != (int) train.targets()[r];
                error += wrong[r] ? weights[r] : 0;
                total += weights[r];
            }
            error = Math.max(error / total, 1e-10);
            // a member no better than chance gets no say, and leaves the weights as they are
            double alpha = Math.max(0, shrinkage * (Math.log((1 - error) / error) + Math.log(k - 1)));
            for (int r = 0; r < train.rows(); r++) {
                if (wrong[r]) {
                    weights[r] *= Math.exp(alpha);
                }
            }
            alphas.add(alpha);
            fitted.outputs().forEach((name, out) -> outputs.get(name).add(out));
            double[] a = alphas.stream().mapToDouble(Double::doubleValue).toArray();
            float[] staged = Ensembles.combine(TrainedModel.Combination.SAMME, outputs.get(scored), a,
                    splits.get(scored).rows(), k, true);
            results.add(new TrainingResult.Member(m, evaluator.metrics(fitted.outputs().get(scored), splits.get(scored)),
                    alpha, error, ensembleEvaluator.metrics(staged, splits.get(scored))));
            models.add(new TrainedModel.Member(fitted.parameters(), alpha));
        }
        double[] a = alphas.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, float[]> combined = new java.util.LinkedHashMap<>();
        outputs.forEach((name, list) -> combined.put(name, Ensembles.combine(TrainedModel.Combination.SAMME, list, a,
                splits.get(name).rows(), k, true)));
        return finish(ctx, prep, ensembleEvaluator, combined, results, models, last, TrainedModel.Combination.SAMME, scored);
    }

    private static TrainingOutcome gradient(JobContext ctx, Preparation prep) {
        int members = ctx.spec().ensemble().members();
        double shrinkage = ctx.spec().ensemble().shrinkage();
        Map<String, PreparedSplit> splits = JobContext.allSplits(prep);
        String scored = splits.containsKey("test") ? "test" : "validation";
        Evaluator ensembleEvaluator = ctx.evaluator(prep.preprocessing());
        // members see residuals, whose mean is no longer the target's: report their own epochs around zero
        Preprocessing residualScale = prep.preprocessing().withoutTargetMean();
        Evaluator memberEvaluator = ctx.evaluator(residualScale);
        Map<String, float[]> ensemble = new java.util.LinkedHashMap<>();
        splits.forEach((name, split) -> ensemble.put(name, new float[split.rows()]));
        List<TrainingResult.Member> results = new ArrayList<>();
        List<TrainedModel.Member> models = new ArrayList<>();
        FitOutcome last = null;
        for (int m = 1; m <= members; m++) {
            PreparedSplit trainResiduals = residuals(prep.train(), ensemble.get("train"), residualScale);
            PreparedSplit valResiduals = prep.validation().isEmpty() ? prep.validation()
                    : residuals(prep.validation(), ensemble.get("validation"), residualScale);
            JobContext.Fitted fitted = ctx.fit(ctx.spec(), memberEvaluator, trainResiduals, valResiduals,
                    ctx.seed() + m, SubRun.member(m, members, 0, ctx.subRuns()), splits);
            last = fitted.fit();
            fitted.outputs().forEach((name, out) -> {
                float[] sum = ensemble.get(name);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += (float) (shrinkage * out[i]);
                }
            });
            results.add(new TrainingResult.Member(m, memberEvaluator.metrics(fitted.outputs().get(scored),
                    residuals(splits.get(scored), subtract(ensemble.get(scored), fitted.outputs().get(scored), shrinkage), residualScale)),
                    shrinkage, null, ensembleEvaluator.metrics(ensemble.get(scored), splits.get(scored))));
            models.add(new TrainedModel.Member(fitted.parameters(), shrinkage));
        }
        return finish(ctx, prep, ensembleEvaluator, ensemble, results, models, last, TrainedModel.Combination.ADDITIVE, scored);
    }

    private static TrainingOutcome finish(JobContext ctx, Preparation prep, Evaluator evaluator, Map<String, float[]> combined,
                                          List<TrainingResult.Member> members, List<TrainedModel.Member> models,
                                          FitOutcome last, TrainedModel.Combination combination, String scored) {
        Map<String, Map<String, Double>> metrics = ctx.splitMetrics(evaluator, combined, prep);
        TrainingResult.Ensemble ensemble = new TrainingResult.Ensemble("boosting", members,
                metrics.get(scored.equals("test") ? "test" : "validation"), null);
        TrainingResult result = ctx.result(metrics, last)
                .with(null, ensemble, null);
        return new TrainingOutcome(result, ctx.model(prep.preprocessing(), combination, models));
    }

    /** The split with targets replaced by what the ensemble so far leaves unexplained (standardized units). */
    private static PreparedSplit residuals(PreparedSplit split, float[] ensemble, Preprocessing residualScale) {
        float[] targets = new float[split.rows()];
        float[] raw = new float[split.rows()];
        for (int i = 0; i < split.rows(); i++) {
            targets[i] = split.targets()[i] - ensemble[i];
            raw[i] = (float) residualScale.inverseTarget(targets[i]);
        }
        return new PreparedSplit(split.inputs(), targets, raw, split.rows(), split.cols(), null);
    }

    private static float[] subtract(float[] ensemble, float[] member, double shrinkage) {
        float[] before = new float[ensemble.length];
        for (int i = 0; i < before.length; i++) {
            before[i] = (float) (ensemble[i] - shrinkage * member[i]);
        }
        return before;
    }
}
