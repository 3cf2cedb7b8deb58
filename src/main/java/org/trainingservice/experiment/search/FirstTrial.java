package org.trainingservice.experiment.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hyperparameters given ahead for trial 1 ({@code searcher.firstTrial}), tried before anything the searcher draws,
 * as Optuna's {@code enqueue_trial} and FLAML's {@code points_to_evaluate} do: a configuration already known to be
 * reasonable is then always among the candidates, and a model-based searcher learns from it. Parameters it leaves out
 * take trial 1's own draw.
 */
public final class FirstTrial {

    private FirstTrial() {
    }

    /**
     * Trial 1 of a {@code "searchSpace": "auto"} experiment. A parameter the base spec writes ({@code written}, by
     * path) takes that value, brought into the parameter's range where it lies outside; a choice that lacks it is left
     * to the draw. A parameter the base spec leaves out takes the centre of its range, on the range's own scale
     * ({@link #centre}), not the job default: the defaults are set for a quick single job (Adam at 0.01, two layers of
     * 64, no dropout, no L2) and, clamped into a small table's ranges, they are the space's most overconfident corner,
     * the highest rate with the least L2 and no dropout.
     */
    public static Map<String, Object> forAuto(SearchSpace space, Map<String, Object> written) {
        Map<String, Object> first = new LinkedHashMap<>();
        space.parameters().forEach((path, parameter) -> {
            Object value = written.get(path);
            if (!written.containsKey(path)) {
                centre(parameter).ifPresent(c -> first.put(path, c));
            } else if (parameter instanceof Uniform u && value instanceof Number n) {
                first.put(path, RandomSampling.clamp(n.doubleValue(), u.min(), u.max()));
            } else if (parameter instanceof LogUniform l && value instanceof Number n) {
                first.put(path, RandomSampling.clamp(n.doubleValue(), l.min(), l.max()));
            } else if (parameter instanceof IntRange i && value instanceof Number n) {
                first.put(path, RandomSampling.roundInto(n.doubleValue(), i));
            } else if (contains(parameter, value)) {
                first.put(path, value);
            }
        });
        return first;
    }

    /**
     * The middle of a parameter: of a range, on its scale (the geometric mean of a log range); of a choice of sizes
     * (numbers, or lists of them, which the automatic space lists from small to large), the middle one; of any other
     * choice, the first (the automatic space lists relu, the usual best, first).
     */
    static Optional<Object> centre(ParameterSpace parameter) {
        if (parameter instanceof Uniform u) {
            return Optional.of((u.min() + u.max()) / 2);
        }
        if (parameter instanceof LogUniform l) {
            return Optional.of(Math.sqrt(l.min() * l.max()));
        }
        if (parameter instanceof IntRange i) {
            double mid = i.log() ? Math.sqrt((double) i.min() * i.max()) : (i.min() + i.max()) / 2.0;
            return Optional.of(RandomSampling.roundInto(mid, i));
        }
        if (parameter instanceof Choice c && !c.values().isEmpty()) {
            boolean sizes = c.values().stream().allMatch(v -> v instanceof Number
                    || (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(Number.class::isInstance)));
            return Optional.ofNullable(c.values().get(sizes ? (c.values().size() - 1) / 2 : 0));
        }
        return Optional.empty();
    }

    /** What is wrong with {@code first}: a path the space does not search, or a value outside its parameter. */
    public static List<SpaceProblem> problems(SearchSpace space, Map<String, Object> first, SearcherType type) {
        List<SpaceProblem> problems = new ArrayList<>();
        if (!first.isEmpty() && type == SearcherType.GRID) {
            problems.add(new SpaceProblem("searcher.firstTrial", "the grid searcher tries every combination of its "
                    + "own values: leave firstTrial out, or use the random, asha or tpe searcher"));
            return problems;
        }
        first.forEach((path, value) -> {
            ParameterSpace parameter = space.parameters().get(path);
            String field = "searcher.firstTrial." + path;
            if (parameter == null) {
                problems.add(new SpaceProblem(field, "is not searched: give only paths of searchSpace ("
                        + String.join(", ", space.parameters().keySet()) + ")"));
            } else if (!contains(parameter, value)) {
                problems.add(new SpaceProblem(field, "value " + value + " is outside its " + parameter.typeName()
                        + " parameter: give a value the searcher could draw"));
            }
        });
        return problems;
    }

    /** Whether the searcher could draw {@code value} from {@code parameter}. */
    static boolean contains(ParameterSpace parameter, Object value) {
        if (parameter instanceof Choice c) {
            return JsonValues.indexOf(c.values(), value) >= 0;
        }
        if (parameter instanceof GridValues g) {
            return JsonValues.indexOf(g.values(), value) >= 0;
        }
        if (!(value instanceof Number number)) {
            return false;
        }
        double x = number.doubleValue();
        if (parameter instanceof Uniform u) {
            return x >= u.min() && x <= u.max();
        }
        if (parameter instanceof LogUniform l) {
            return x >= l.min() && x <= l.max();
        }
        IntRange i = (IntRange) parameter;
        return x == Math.rint(x) && x >= i.min() && x <= i.max();
    }

    /** {@code searcher} with trial 1's draw overridden by {@code first}; {@code searcher} itself if none is given. */
    static Searcher ahead(Searcher searcher, Map<String, Object> first) {
        if (first == null || first.isEmpty()) {
            return searcher;
        }
        return trials -> {
            Decision decision = searcher.next(trials);
            if (trials.isEmpty() && decision instanceof Propose p) {
                // put keeps an existing key's place, so the values stay in the space's order
                Map<String, Object> values = new LinkedHashMap<>(p.hyperparameters());
                values.putAll(first);
                return new Propose(values, p.pauseAtEpoch());
            }
            return decision;
        };
    }
}
