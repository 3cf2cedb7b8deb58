package org.trainingservice.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.ValidationSpec;

/**
 * Runs a whole job: split with the job's seed, fit the preprocessing on the training rows, train, and evaluate the
 * final model on train, validation and test. Plain Java + DJL; it knows nothing of HTTP or databases.
 */
public final class TrainingEngine {

    public TrainingOutcome run(JobSpec spec, DataTable data, TrainingObserver observer) {
        ValidationSpec validation = spec.validation();
        long seed = spec.training().seed();
        int[] labels = data.isClassification() && validation.stratify() ? data.labels() : null;
        SplitIndices split = Splitter.holdout(data.rows(), labels, validation.validationFraction(),
                validation.testFraction(), seed);
        if (split.train().length == 0 || split.validation().length == 0) {
            throw new IllegalArgumentException("the dataset has " + data.rows()
                    + " rows: too few for a training and a validation split; use more rows or a larger validationFraction");
        }
        Preprocessing preprocessing = Preprocessing.fit(data, split.train());
        PreparedSplit train = PreparedSplit.of(data, preprocessing, split.train());
        PreparedSplit val = PreparedSplit.of(data, preprocessing, split.validation());
        PreparedSplit test = PreparedSplit.of(data, preprocessing, split.test());
        int outputs = data.isClassification() ? data.classCount() : 1;
        Evaluator evaluator = new Evaluator(spec.loss(), data.isClassification() ? outputs : 0, preprocessing);
        Device device = Devices.resolve(spec.training().device());
        try (NDManager manager = NDManager.newBaseManager(device)) {
            ModelTrainer trainer = new ModelTrainer(spec, outputs, data.imageShape(), evaluator);
            FitOutcome fit = trainer.fit(manager, train, val, seed, observer, ModelTrainer.SubRun.SINGLE);
            Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
            metrics.put("train", evaluator.evaluate(fit.block(), manager, train));
            metrics.put("validation", evaluator.evaluate(fit.block(), manager, val));
            if (!test.isEmpty()) {
                metrics.put("test", evaluator.evaluate(fit.block(), manager, test));
            }
            FitDiagnosis diagnosis = FitDiagnosis.of(metrics.get("train"), metrics.get("validation"),
                    data.isClassification());
            TrainingResult result = new TrainingResult(metrics, fit.bestEpoch(), fit.epochsRun(), fit.stoppedEarly(),
                    diagnosis.lossGap(), diagnosis.accuracyGap(), diagnosis.diagnosis(), diagnosis.detail(),
                    fit.steps(), device.toString());
            TrainedModel model = new TrainedModel(spec, data.cols(), outputs, data.imageShape(), data.classNames(),
                    data.featureNames(), preprocessing, ModelTrainer.saveParameters(fit.block()));
            return new TrainingOutcome(result, model);
        }
    }
}
