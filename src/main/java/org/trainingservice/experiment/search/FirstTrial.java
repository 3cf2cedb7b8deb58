package org.trainingservice.experiment.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * Trial 1 of a {@code "searchSpace": "auto"} experiment: the base spec's own value of each parameter
     * ({@code baseValues}, by path), brought into the parameter's range where it lies outside (the default L2 of 0 to
     * the range's lower end, practically none); a parameter whose choice lacks the base value is left to the draw.
     */
    public static Map<String, Object> fromBaseSpec(SearchSpace space, Map<String, Object> baseValues) {
        Map<String, Object> first = new LinkedHashMap<>();
        space.parameters().forEach((path, parameter) -> {
            Object value = baseValues.get(path);
            if (parameter instanceof Uniform u && value instanceof Number n) {
                first.put(path, RandomSampling.clamp(n.doubleValue(), u.min(), u.max()));
            } else if (parameter instanceof LogUniform l && value instanceof Number n) {
                first.put(path, RandomSampling.clamp(n.doubleValue(), l.min(), l.max()));
            } else if (parameter instanceof IntRange i && value instanceof Number n) {
                first.put(path, RandomSampling.roundInto(n.doubleValue(), i));
            } else if (baseValues.containsKey(path) && contains(parameter, value)) {
                first.put(path, value);
            }
        });
        return first;
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
