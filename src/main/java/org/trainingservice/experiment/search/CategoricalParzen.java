package org.trainingservice.experiment.search;

import java.util.SplittableRandom;

/**
 * A Parzen estimator over the values of a choice, as Optuna's TPE builds it: each observation is a kernel that puts
 * mass 1 on its value plus a smoothing of prior weight / (n + 1) on every value; a prior kernel is uniform; the kernels
 * are mixed with the observations' weights and weight 1 for the prior. So no value ever gets probability 0.
 */
final class CategoricalParzen {

    private static final double PRIOR_WEIGHT = 1.0;

    private final double[] probabilities;

    /**
     * @param observations indices of the observed values, in trial-number order
     * @param weights      one non-negative weight per observation
     * @param size         how many values the choice has
     */
    CategoricalParzen(int[] observations, double[] weights, int size) {
        int kernels = observations.length + 1;
        double smoothing = PRIOR_WEIGHT / kernels;
        double total = PRIOR_WEIGHT;
        for (double w : weights) {
            total += w;
        }
        probabilities = new double[size];
        for (int c = 0; c < size; c++) {
            probabilities[c] = PRIOR_WEIGHT / size;
        }
        for (int i = 0; i < observations.length; i++) {
            double rowSum = 1 + size * smoothing;
            for (int c = 0; c < size; c++) {
                double mass = (smoothing + (c == observations[i] ? 1 : 0)) / rowSum;
                probabilities[c] += weights[i] * mass;
            }
        }
        for (int c = 0; c < size; c++) {
            probabilities[c] /= total;
        }
    }

    double probability(int value) {
        return probabilities[value];
    }

    int sample(SplittableRandom random) {
        double u = random.nextDouble();
        double sum = 0;
        for (int c = 0; c < probabilities.length - 1; c++) {
            sum += probabilities[c];
            if (u < sum) {
                return c;
            }
        }
        return probabilities.length - 1;
    }
}
