package org.trainingservice.experiment.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code searchSpace} of an experiment: one entry per dotted job-spec path, in the user's key order (which is
 * also the grid searcher's loop order).
 */
public record SearchSpace(Map<String, ParameterSpace> parameters) {
    public SearchSpace {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * What is wrong with the space by itself (whatever the searcher or the job spec): no parameters, a range whose
     * min is above its max or not finite, a log scale that reaches 0, a choice or grid without values.
     */
    public List<SpaceProblem> problems() {
        List<SpaceProblem> problems = new ArrayList<>();
        if (parameters.isEmpty()) {
            problems.add(new SpaceProblem("searchSpace", "give at least one parameter to search, e.g. "
                    + "{\"optimizer.learningRate\": {\"type\": \"loguniform\", \"min\": 0.0001, \"max\": 0.1}}"));
        }
        parameters.forEach((path, space) -> check(path, space, problems));
        return problems;
    }

    /** The number of combinations of the grid and choice values (ranges do not count); Long.MAX_VALUE on overflow. */
    public long gridSize() {
        long size = 1;
        for (ParameterSpace space : parameters.values()) {
            int count = space instanceof Choice c ? c.values().size()
                    : space instanceof GridValues g ? g.values().size() : 1;
            try {
                size = Math.multiplyExact(size, count);
            } catch (ArithmeticException overflow) {
                return Long.MAX_VALUE;
            }
        }
        return size;
    }

    static String field(String path) {
        return "searchSpace['" + path + "']";
    }

    private static void check(String path, ParameterSpace space, List<SpaceProblem> problems) {
        String field = field(path);
        if (path == null || path.isBlank()) {
            problems.add(new SpaceProblem("searchSpace", "a key is blank: name a job-spec path such as "
                    + "'optimizer.learningRate'"));
            return;
        }
        if (space == null) {
            problems.add(new SpaceProblem(field, "give a parameter object with a type: choice, grid, uniform, "
                    + "loguniform or int"));
        } else if (space instanceof Uniform u) {
            checkRange(field, "uniform", u.min(), u.max(), problems);
        } else if (space instanceof LogUniform l) {
            checkRange(field, "loguniform", l.min(), l.max(), problems);
            if (l.min() <= 0) {
                problems.add(new SpaceProblem(field + ".min", "loguniform needs min > 0 (its scale is "
                        + "logarithmic) but min is " + text(l.min()) + ": use a small positive number such as 1e-6, "
                        + "or uniform for a range that includes 0"));
            }
        } else if (space instanceof IntRange i) {
            checkRange(field, "int", i.min(), i.max(), problems);
            if (i.log() && i.min() <= 0) {
                problems.add(new SpaceProblem(field + ".min", "int with log: true needs min >= 1 but min is "
                        + i.min() + ": raise min to 1 or set log to false"));
            }
        } else if (space instanceof Choice c) {
            checkValues(field, "choice", c.values().isEmpty(), problems);
        } else if (space instanceof GridValues g) {
            checkValues(field, "grid", g.values().isEmpty(), problems);
        }
    }

    private static void checkRange(String field, String type, double min, double max, List<SpaceProblem> problems) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            problems.add(new SpaceProblem(field, type + " needs finite numbers for min and max, got min "
                    + text(min) + " and max " + text(max)));
        } else if (min > max) {
            problems.add(new SpaceProblem(field + ".min", type + " min " + text(min) + " is greater than max "
                    + text(max) + ": swap them so that min <= max"));
        }
    }

    /** 64 for an integer, 0.5 for the rest, as the user wrote them. */
    private static String text(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    private static void checkValues(String field, String type, boolean empty, List<SpaceProblem> problems) {
        if (empty) {
            problems.add(new SpaceProblem(field + ".values", type + " needs at least one value in values, e.g. "
                    + "\"values\": [32, 64]"));
        }
    }
}
