package org.trainingservice.inference;

import java.util.ArrayList;
import java.util.List;
import org.trainingservice.common.ConflictException;

/**
 * The mean of several models' answers to the same instances: each class's probability averaged over the models (the
 * prediction is the class with the highest mean), or for regression the predictions averaged in the target's units.
 * Averaging probabilities, not votes, keeps a confident model from being outvoted by unsure ones and keeps the mean
 * a probability, so its log-loss is defined.
 */
final class PredictionMean {

    private PredictionMean() {
    }

    static PredictionResponse of(List<PredictionResponse> answers) {
        PredictionResponse first = answers.get(0);
        if (answers.size() == 1) {
            return first;
        }
        int rows = first.predictions().size();
        List<Object> predictions = new ArrayList<>(rows);
        if (first.classes() == null) {
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (PredictionResponse a : answers) {
                    sum += ((Number) a.predictions().get(r)).doubleValue();
                }
                predictions.add(sum / answers.size());
            }
            return new PredictionResponse(predictions, null, null, first.warnings());
        }
        for (PredictionResponse a : answers) {
            if (!first.classes().equals(a.classes())) {
                throw new ConflictException("the models to average name different classes (" + first.classes() + ", "
                        + a.classes() + "); average models trained on the same dataset");
            }
        }
        int k = first.classes().size();
        List<List<Double>> probabilities = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            List<Double> mean = new ArrayList<>(k);
            int best = 0;
            for (int c = 0; c < k; c++) {
                double sum = 0;
                for (PredictionResponse a : answers) {
                    sum += a.probabilities().get(r).get(c);
                }
                mean.add(sum / answers.size());
                if (mean.get(c) > mean.get(best)) {
                    best = c;
                }
            }
            probabilities.add(mean);
            predictions.add(first.classes().get(best));
        }
        return new PredictionResponse(predictions, probabilities, first.classes(), first.warnings());
    }
}
