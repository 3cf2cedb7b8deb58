package org.trainingservice.experiment.search;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A univariate Parzen estimator over a numeric range, as Optuna's TPE builds it by default: a Gaussian kernel at each
 * observation plus a prior kernel (centre of the range, width of the range, weight 1), all truncated to the range.
 * A kernel's width is the larger gap to its neighbours among the sorted observations, the prior centre and the ends of
 * the range (the two outermost use their inner gap), clipped to [range / min(100, n + 2), range] so that no kernel
 * collapses onto one point nor spreads wider than the range. A discrete estimator is over the integers: each integer
 * k owns [k - ½, k + ½], so the range grows by one and a value's density is its bin's mass.
 * Observations and values are in the transformed space (the log for log scales).
 */
final class NumericParzen {

    private static final int MAX_TRIES = 1000;

    private final double low;
    private final double high;
    private final double step;
    private final double[] mus;
    private final double[] sigmas;
    private final double[] logWeights;
    private final double[] logNormalizers;
    private final double[] cumulative;

    /**
     * @param observations  the observed values (transformed), in trial-number order
     * @param weights       one non-negative weight per observation (older trials may weigh less)
     * @param discrete      whether the values are the integers from low to high
     */
    NumericParzen(double[] observations, double[] weights, double low, double high, boolean discrete) {
        this.low = low;
        this.high = high;
        this.step = discrete ? 1 : 0;
        int n = observations.length;
        double range = high - low + step;
        mus = Arrays.copyOf(observations, n + 1);
        mus[n] = 0.5 * (low + high);
        sigmas = n == 0 ? new double[1] : bandwidths(mus);
        double minSigma = range / Math.min(100.0, n + 2.0);
        for (int i = 0; i < n; i++) {
            sigmas[i] = Math.max(minSigma, Math.min(range, sigmas[i]));
        }
        sigmas[n] = range;
        double[] w = Arrays.copyOf(weights, n + 1);
        w[n] = 1.0;
        double total = Arrays.stream(w).sum();
        logWeights = Arrays.stream(w).map(x -> Math.log(x / total)).toArray();
        logNormalizers = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            logNormalizers[i] = Gaussian.logMass((low - step / 2 - mus[i]) / sigmas[i],
                    (high + step / 2 - mus[i]) / sigmas[i]);
        }
        cumulative = new double[n + 1];
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            sum += w[i] / total;
            cumulative[i] = sum;
        }
    }

    /**
     * Each of at least two points' bandwidth: the larger gap to its sorted neighbours, the outermost two taking
     * their only inner gap. (Optuna puts the ends of the range beside the outermost points, but with its default
     * {@code consider_endpoints=False} those gaps are then replaced, so the ends never matter.)
     */
    static double[] bandwidths(double[] points) {
        int m = points.length;
        Integer[] order = IntStream.range(0, m).boxed()
                .sorted(Comparator.comparingDouble(i -> points[i])).toArray(Integer[]::new);
        double[] sorted = new double[m];
        for (int i = 0; i < m; i++) {
            sorted[i] = points[order[i]];
        }
        double[] result = new double[m];
        result[order[0]] = sorted[1] - sorted[0];
        result[order[m - 1]] = sorted[m - 1] - sorted[m - 2];
        for (int i = 1; i < m - 1; i++) {
            result[order[i]] = Math.max(sorted[i] - sorted[i - 1], sorted[i + 1] - sorted[i]);
        }
        return result;
    }

    /** One draw: a kernel by weight, then a point of its truncated normal (rounded to the step when discrete). */
    double sample(SplittableRandom random) {
        double u = random.nextDouble();
        int k = 0;
        while (k < cumulative.length - 1 && u >= cumulative[k]) {
            k++;
        }
        double lo = low - step / 2;
        double hi = high + step / 2;
        double x = mus[k];
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            double candidate = mus[k] + sigmas[k] * random.nextGaussian();
            if (candidate >= lo && candidate <= hi) {
                x = candidate;
                break;
            }
        }
        if (step > 0) {
            x = Math.round(x);
        }
        return Math.max(low, Math.min(high, x));
    }

    /** The log density of the mixture at x (for discrete ranges: the log of the bin's probability). */
    double logDensity(double x) {
        double[] terms = new double[mus.length];
        for (int i = 0; i < mus.length; i++) {
            terms[i] = logWeights[i] + logKernel(i, x);
        }
        return logSumExp(terms);
    }

    private double logKernel(int i, double x) {
        double mu = mus[i];
        double sigma = sigmas[i];
        if (step > 0) {
            return Gaussian.logMass((x - step / 2 - mu) / sigma, (x + step / 2 - mu) / sigma) - logNormalizers[i];
        }
        return Gaussian.logPdf((x - mu) / sigma) - Math.log(sigma) - logNormalizers[i];
    }

    static double logSumExp(double[] terms) {
        double max = Arrays.stream(terms).max().orElse(Double.NEGATIVE_INFINITY);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }
}
