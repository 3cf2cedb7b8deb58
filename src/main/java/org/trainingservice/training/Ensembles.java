package org.trainingservice.training;

import java.util.List;

/**
 * Combines member outputs into the model's outputs: log-probabilities for classification (so that the evaluator's
 * cross-entropy reads them like logits), standardized predictions for regression.
 */
public final class Ensembles {

    private static final double MIN_PROBABILITY = 1e-7;

    private Ensembles() {
    }

    public static float[] combine(TrainedModel.Combination combination, List<float[]> outputs, double[] weights,
                                  int rows, int width, boolean classification) {
        if (combination == TrainedModel.Combination.SINGLE) {
            return outputs.get(0);
        }
        float[] combined = new float[rows * width];
        if (!classification) {
            double total = combination == TrainedModel.Combination.AVERAGE ? outputs.size() : 1;
            for (int m = 0; m < outputs.size(); m++) {
                double w = combination == TrainedModel.Combination.AVERAGE ? 1 : weights[m];
                for (int i = 0; i < combined.length; i++) {
                    combined[i] += (float) (w * outputs.get(m)[i] / total);
                }
            }
            return combined;
        }
        double[] scores = new double[rows * width];
        double total = 0;
        for (int m = 0; m < outputs.size(); m++) {
            float[] out = outputs.get(m);
            if (combination == TrainedModel.Combination.AVERAGE) {
                total += 1;
                double[] p = softmax(out, rows, width);
                for (int i = 0; i < scores.length; i++) {
                    scores[i] += p[i];
                }
            } else {
                total += weights[m];
                for (int r = 0; r < rows; r++) {
                    scores[r * width + argmax(out, r, width)] += weights[m];
                }
            }
        }
        for (int i = 0; i < combined.length; i++) {
            double p = total > 0 ? scores[i] / total : 1.0 / width;
            combined[i] = (float) Math.log(Math.max(p, MIN_PROBABILITY));
        }
        return combined;
    }

    public static double[] softmax(float[] logits, int rows, int width) {
        double[] p = new double[rows * width];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < width; k++) {
                max = Math.max(max, logits[r * width + k]);
            }
            double sum = 0;
            for (int k = 0; k < width; k++) {
                p[r * width + k] = Math.exp(logits[r * width + k] - max);
                sum += p[r * width + k];
            }
            for (int k = 0; k < width; k++) {
                p[r * width + k] /= sum;
            }
        }
        return p;
    }

    public static int argmax(float[] values, int row, int width) {
        int best = 0;
        for (int k = 1; k < width; k++) {
            if (values[row * width + k] > values[row * width + best]) {
                best = k;
            }
        }
        return best;
    }
}
