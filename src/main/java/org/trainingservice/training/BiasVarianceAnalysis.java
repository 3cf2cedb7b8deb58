package org.trainingservice.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains the spec on {@code rounds} bootstrap resamples of the training split and decomposes the expected loss on the
 * test split (the validation split when there is no test split).
 *
 * <p>Regression, squared loss, in the target's units: with f̄(x) the mean prediction over rounds,
 * variance = mean over x and rounds of (f_r(x) − f̄(x))², expected loss = mean of (f_r(x) − y)², which equals
 * mean (f̄(x) − y)² + variance exactly; noise is the generator's known noise variance (built-in datasets) or a
 * nearest-neighbour estimate ½·mean (y − y_nn)², capped at mean (f̄(x) − y)²; bias² = mean (f̄(x) − y)² − noise.
 *
 * <p>Classification, 0-1 loss (Domingos 2000, noise taken as 0): y_m(x) is the most frequent prediction; bias(x) =
 * [y_m ≠ y]; variance(x) = P(f_r(x) ≠ y_m); net variance = variance where unbiased, minus P(f_r = y | f_r ≠ y_m) ·
 * variance where biased; bias + net variance = expected 0-1 loss exactly.
 */
final class BiasVarianceAnalysis {

    private BiasVarianceAnalysis() {
    }

    static TrainingResult.BiasVariance run(JobContext ctx, Preparation prep, int offset) {
        int rounds = ctx.spec().analysis().biasVariance().rounds();
        PreparedSplit target = prep.test().isEmpty() ? prep.validation() : prep.test();
        PreparedSplit train = prep.train();
        int[] all = java.util.stream.IntStream.range(0, train.rows()).toArray();
        Evaluator evaluator = ctx.evaluator(prep.preprocessing());
        List<float[]> predictions = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            int[] sample = Splitter.bootstrap(all, train.rows(), ctx.seed() * 7919 + r);
            JobContext.Fitted fitted = ctx.fit(ctx.spec(), evaluator, train.select(sample), prep.validation(),
                    ctx.seed() + 100 + r, SubRun.round(r, rounds, offset, ctx.subRuns()), Map.of("target", target));
            predictions.add(fitted.outputs().get("target"));
        }
        return ctx.data().isClassification() ? zeroOne(predictions, target, ctx.outputs(), rounds)
                : squared(predictions, target, prep.preprocessing(), ctx.data().noiseVariance(), rounds);
    }

    private static TrainingResult.BiasVariance squared(List<float[]> outputs, PreparedSplit target,
                                                       Preprocessing preprocessing, double knownNoise, int rounds) {
        int n = target.rows();
        double variance = 0;
        double meanToTarget = 0;
        double expected = 0;
        for (int i = 0; i < n; i++) {
            double[] p = new double[rounds];
            double mean = 0;
            for (int r = 0; r < rounds; r++) {
                p[r] = preprocessing.inverseTarget(outputs.get(r)[i]);
                mean += p[r] / rounds;
            }
            double y = target.rawTargets()[i];
            for (int r = 0; r < rounds; r++) {
                variance += Math.pow(p[r] - mean, 2) / (rounds * (double) n);
                expected += Math.pow(p[r] - y, 2) / (rounds * (double) n);
            }
            meanToTarget += Math.pow(mean - y, 2) / n;
        }
        boolean known = !Double.isNaN(knownNoise);
        // the test sample's own noise varies around the generator's: never count more noise than the mean prediction's
        // squared error holds, so that the parts stay non-negative and add up exactly
        double noise = Math.min(known ? knownNoise : nearestNeighbourNoise(target), meanToTarget);
        double bias2 = meanToTarget - noise;
        return new TrainingResult.BiasVariance("squared", rounds, bias2, variance, null, noise,
                known ? "generator" : "estimated from nearest-neighbour differences", expected);
    }

    /** ½ · mean over rows of (y − y of the nearest other row)², a classic estimate of the noise variance. */
    private static double nearestNeighbourNoise(PreparedSplit split) {
        int n = split.rows();
        int cols = split.cols();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            int nearest = -1;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double d = 0;
                for (int c = 0; c < cols; c++) {
                    double diff = split.inputs()[i * cols + c] - split.inputs()[j * cols + c];
                    d += diff * diff;
                }
                if (d < best) {
                    best = d;
                    nearest = j;
                }
            }
            sum += nearest < 0 ? 0 : Math.pow(split.rawTargets()[i] - split.rawTargets()[nearest], 2);
        }
        return n == 0 ? 0 : sum / (2.0 * n);
    }

    private static TrainingResult.BiasVariance zeroOne(List<float[]> outputs, PreparedSplit target, int k, int rounds) {
        int n = target.rows();
        double bias = 0;
        double variance = 0;
        double netVariance = 0;
        double expected = 0;
        for (int i = 0; i < n; i++) {
            int[] votes = new int[k];
            int[] predicted = new int[rounds];
            for (int r = 0; r < rounds; r++) {
                predicted[r] = Ensembles.argmax(outputs.get(r), i, k);
                votes[predicted[r]]++;
            }
            int main = 0;
            for (int c = 1; c < k; c++) {
                if (votes[c] > votes[main]) {
                    main = c;
                }
            }
            int y = (int) target.targets()[i];
            double b = main == y ? 0 : 1;
            double v = 1 - (double) votes[main] / rounds;
            double loss = 1 - (double) votes[y] / rounds;
            double coefficient = b == 0 ? 1 : (v == 0 ? 0 : -((double) votes[y] / rounds) / v);
            bias += b / n;
            variance += v / n;
            netVariance += coefficient * v / n;
            expected += loss / n;
        }
        return new TrainingResult.BiasVariance("zero_one", rounds, bias, variance, netVariance, 0.0,
                "taken as 0 (Domingos)", expected);
    }
}
