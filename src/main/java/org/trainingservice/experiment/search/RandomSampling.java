package org.trainingservice.experiment.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Independent random draws from a search space. Each trial gets its own stream derived from (seed, trial number), so
 * trial i gets the same hyperparameters whatever happened to the trials before it.
 */
final class RandomSampling {

    private RandomSampling() {
    }

    /** The random stream of one trial; {@code salt} separates streams used for different purposes. */
    static SplittableRandom streamFor(long seed, int trialNumber, long salt) {
        // two rounds of a 64-bit finalizer so that neighbouring seeds and trial numbers give unrelated streams
        return new SplittableRandom(mix(mix(seed) + trialNumber * 0x9E3779B97F4A7C15L + salt));
    }

    /** Every parameter of the space drawn once from the trial's own stream, in the space's key order. */
    static Map<String, Object> sample(SearchSpace space, long seed, int trialNumber) {
        SplittableRandom random = streamFor(seed, trialNumber, 0);
        Map<String, Object> values = new LinkedHashMap<>();
        space.parameters().forEach((path, parameter) -> values.put(path, sample(parameter, random)));
        return values;
    }

    static Object sample(ParameterSpace parameter, SplittableRandom random) {
        if (parameter instanceof Uniform u) {
            return u.min() + (u.max() - u.min()) * random.nextDouble();
        } else if (parameter instanceof LogUniform l) {
            double low = Math.log(l.min());
            return clamp(Math.exp(low + (Math.log(l.max()) - low) * random.nextDouble()), l.min(), l.max());
        } else if (parameter instanceof IntRange i) {
            return sampleInt(i, random);
        } else if (parameter instanceof Choice c) {
            return pick(c.values(), random);
        } else {
            return pick(((GridValues) parameter).values(), random);
        }
    }

    private static int sampleInt(IntRange range, SplittableRandom random) {
        if (!range.log()) {
            return (int) random.nextLong(range.min(), (long) range.max() + 1);
        }
        // each integer owns [k - 0.5, k + 0.5] on the log scale, as in Optuna, so min and max are reachable
        double low = Math.log(range.min() - 0.5);
        double high = Math.log(range.max() + 0.5);
        return roundInto(Math.exp(low + (high - low) * random.nextDouble()), range);
    }

    static int roundInto(double value, IntRange range) {
        return (int) Math.max(range.min(), Math.min(range.max(), Math.round(value)));
    }

    static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    private static Object pick(List<Object> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
