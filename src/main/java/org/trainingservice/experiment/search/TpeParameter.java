package org.trainingservice.experiment.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One parameter as the TPE sees it: numeric ranges become {@link NumericParzen}s (loguniform and log-int on the log
 * scale, int discrete), choice and grid become {@link CategoricalParzen}s. A trial whose value for the parameter does
 * not fit the space (missing, outside the range, not one of the values) is left out of that parameter's estimators.
 */
final class TpeParameter {

    private final ParameterSpace space;

    private TpeParameter(ParameterSpace space) {
        this.space = space;
    }

    static TpeParameter of(ParameterSpace space) {
        return new TpeParameter(space);
    }

    /** The candidate drawn from l(x), out of {@link TpeSearcher#CANDIDATES}, with the largest l(x)/g(x). */
    Object suggest(String path, List<TrialView> below, List<TrialView> above, SplittableRandom random) {
        if (space instanceof Choice c) {
            return suggestValue(c.values(), path, below, above, random);
        }
        if (space instanceof GridValues g) {
            return suggestValue(g.values(), path, below, above, random);
        }
        return suggestNumber(path, below, above, random);
    }

    private Object suggestValue(List<Object> values, String path, List<TrialView> below, List<TrialView> above,
                                SplittableRandom random) {
        CategoricalParzen good = categorical(values, path, below);
        CategoricalParzen bad = categorical(values, path, above);
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < TpeSearcher.CANDIDATES; i++) {
            int candidate = good.sample(random);
            double score = Math.log(good.probability(candidate)) - Math.log(bad.probability(candidate));
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return values.get(best);
    }

    private static CategoricalParzen categorical(List<Object> values, String path, List<TrialView> trials) {
        List<Integer> indices = new ArrayList<>();
        for (TrialView trial : trials) {
            int index = trial.hyperparameters().containsKey(path)
                    ? JsonValues.indexOf(values, trial.hyperparameters().get(path)) : -1;
            if (index >= 0) {
                indices.add(index);
            }
        }
        return new CategoricalParzen(indices.stream().mapToInt(Integer::intValue).toArray(),
                TpeSearcher.weights(indices.size()), values.size());
    }

    private Object suggestNumber(String path, List<TrialView> below, List<TrialView> above, SplittableRandom random) {
        if (min() == max()) {
            return toValue(transform(min()));
        }
        NumericParzen good = numeric(path, below);
        NumericParzen bad = numeric(path, above);
        Object best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < TpeSearcher.CANDIDATES; i++) {
            Object candidate = toValue(good.sample(random));
            double x = transform(((Number) candidate).doubleValue());
            double score = good.logDensity(x) - bad.logDensity(x);
            if (best == null || score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    private NumericParzen numeric(String path, List<TrialView> trials) {
        List<Double> observed = new ArrayList<>();
        for (TrialView trial : trials) {
            if (trial.hyperparameters().get(path) instanceof Number number) {
                double value = number.doubleValue();
                if (value >= min() && value <= max()) {
                    observed.add(transform(value));
                }
            }
        }
        double[] x = observed.stream().mapToDouble(Double::doubleValue).toArray();
        double[] w = TpeSearcher.weights(x.length);
        if (space instanceof IntRange i && i.log()) {
            // Optuna's log-int: continuous on the log scale, each integer owning [k - ½, k + ½], then rounded
            return new NumericParzen(x, w, Math.log(i.min() - 0.5), Math.log(i.max() + 0.5), false);
        }
        return new NumericParzen(x, w, transform(min()), transform(max()), space instanceof IntRange);
    }

    private boolean logScale() {
        return space instanceof LogUniform || space instanceof IntRange i && i.log();
    }

    private double transform(double value) {
        return logScale() ? Math.log(value) : value;
    }

    /** A point of the transformed space as the value proposed: a double in range, or an int. */
    private Object toValue(double x) {
        double value = logScale() ? Math.exp(x) : x;
        if (space instanceof IntRange i) {
            return RandomSampling.roundInto(value, i);
        }
        return RandomSampling.clamp(value, min(), max());
    }

    private double min() {
        if (space instanceof Uniform u) {
            return u.min();
        }
        if (space instanceof LogUniform l) {
            return l.min();
        }
        return ((IntRange) space).min();
    }

    private double max() {
        if (space instanceof Uniform u) {
            return u.max();
        }
        if (space instanceof LogUniform l) {
            return l.max();
        }
        return ((IntRange) space).max();
    }
}
