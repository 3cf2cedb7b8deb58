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
 * collapses onto one point nor spreads wider than the range. With {@code step} 1 it is discrete (integers): each
 * integer k owns [k - ½, k + ½], so the range grows by one step and a value's density is its bin's mass.
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
     */
    NumericParzen(double[] observations, double[] weights, double low, double high, double step) {
        this.low = low;
        this.high = high;
        this.step = step;
        int n = observations.length;
        double range = high - low + step;
        mus = Arrays.copyOf(observations, n + 1);
        mus[n] = 0.5 * (low + high);
        sigmas = Arrays.copyOf(bandwidths(mus, low - step / 2, high + step / 2), n + 1);
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

    /** Each point's bandwidth: the larger gap to its sorted neighbours, the outermost two using their inner gap. */
    static double[] bandwidths(double[] points, double lowEnd, double highEnd) {
        int m = points.length;
        Integer[] order = IntStream.range(0, m).boxed()
                .sorted(Comparator.comparingDouble(i -> points[i])).toArray(Integer[]::new);
        double[] ends = new double[m + 2];
        ends[0] = lowEnd;
        ends[m + 1] = highEnd;
        for (int i = 0; i < m; i++) {
            ends[i + 1] = points[order[i]];
        }
        double[] sorted = new double[m];
        for (int i = 0; i < m; i++) {
            sorted[i] = Math.max(ends[i + 1] - ends[i], ends[i + 2] - ends[i + 1]);
        }
        if (m >= 2) {
            sorted[0] = ends[2] - ends[1];
            sorted[m - 1] = ends[m] - ends[m - 1];
        }
        double[] result = new double[m];
        for (int i = 0; i < m; i++) {
            result[order[i]] = sorted[i];
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
            x = low + Math.round((x - low) / step) * step;
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
