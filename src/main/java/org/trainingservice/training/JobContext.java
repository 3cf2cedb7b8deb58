package org.trainingservice.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import java.util.Map;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.LossType;

/**
 * What every strategy (single run, cross-validation, ensembles, bias-variance) shares: the spec, the data, the
 * observer, the engine's manager, and one way to fit a sub-run in a manager of its own.
 */
public record JobContext(JobSpec spec, DataTable data, TrainingObserver observer, NDManager manager, int subRuns,
                         String device) {

    public int outputs() {
        return data.isClassification() ? data.classCount() : 1;
    }

    public Evaluator evaluator(Preprocessing preprocessing) {
        return new Evaluator(spec.loss(), data.isClassification() ? outputs() : 0, preprocessing);
    }

    /** Ensemble classification metrics use cross-entropy of the combined probabilities. */
    public Evaluator ensembleEvaluator(Preprocessing preprocessing) {
        return new Evaluator(data.isClassification() ? LossType.CROSS_ENTROPY : spec.loss(),
                data.isClassification() ? outputs() : 0, preprocessing);
    }

    /** Metrics of the given outputs on train, validation and test (empty splits are left out). */
    public Map<String, Map<String, Double>> splitMetrics(Evaluator evaluator, Map<String, float[]> outputs,
                                                         Preparation prep) {
        Map<String, Map<String, Double>> metrics = new java.util.LinkedHashMap<>();
        Map<String, PreparedSplit> splits = Map.of("train", prep.train(), "validation", prep.validation(), "test", prep.test());
        for (String name : java.util.List.of("train", "validation", "test")) {
            if (outputs.containsKey(name) && !splits.get(name).isEmpty()) {
                metrics.put(name, evaluator.metrics(outputs.get(name), splits.get(name)));
            }
        }
        return metrics;
    }

    /** The splits whose outputs every strategy evaluates. */
    public static Map<String, PreparedSplit> allSplits(Preparation prep) {
        Map<String, PreparedSplit> splits = new java.util.LinkedHashMap<>();
        splits.put("train", prep.train());
        if (!prep.validation().isEmpty()) {
            splits.put("validation", prep.validation());
        }
        if (!prep.test().isEmpty()) {
            splits.put("test", prep.test());
        }
        return splits;
    }

    public TrainedModel model(Preprocessing preprocessing, TrainedModel.Combination combination,
                              java.util.List<TrainedModel.Member> members) {
        return new TrainedModel(spec, data.cols(), outputs(), data.imageShape(), data.classNames(), data.featureNames(),
                preprocessing, combination, members);
    }

    public long seed() {
        return spec.training().seed();
    }

    /** The result of one sub-run: its fit, its parameters, and its outputs on the splits asked for. */
    public record Fitted(FitOutcome fit, byte[] parameters, Map<String, float[]> outputs, Map<String, Double> validation) {
    }

    /**
     * Fits one sub-run in a sub-manager that is closed afterwards (so a job of many members holds only host copies)
     * and returns the outputs on the named splits.
     */
    public Fitted fit(JobSpec runSpec, Evaluator evaluator, PreparedSplit train, PreparedSplit validation, long seed,
                      SubRun subRun, Map<String, PreparedSplit> outputsOn) {
        try (NDManager sub = manager.newSubManager()) {
            ModelTrainer trainer = new ModelTrainer(runSpec, outputs(), data.imageShape(), evaluator);
            FitOutcome fit = trainer.fit(sub, train, validation, seed, observer, subRun);
            SequentialBlock block = fit.block();
            Map<String, float[]> outputs = new java.util.LinkedHashMap<>();
            outputsOn.forEach((name, split) -> outputs.put(name,
                    Evaluator.predict(block, sub, split.inputs(), split.rows(), split.cols(), outputs())));
            Map<String, Double> val = validation == null || validation.isEmpty() ? null
                    : evaluator.evaluate(block, sub, validation);
            return new Fitted(fit, ModelTrainer.saveParameters(block), outputs, val);
        }
    }
}
