package org.trainingservice.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trainingservice.common.FieldProblem;
import org.trainingservice.experiment.search.Choice;
import org.trainingservice.experiment.search.GridValues;
import org.trainingservice.experiment.search.IntRange;
import org.trainingservice.experiment.search.LogUniform;
import org.trainingservice.experiment.search.ParameterSpace;
import org.trainingservice.experiment.search.SearchSpace;
import org.trainingservice.experiment.search.Uniform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a search space from its JSON: {@code {"path": {"type": ..., ...}}}, each problem naming its field. */
final class SearchSpaceReader {

    private static final List<String> TYPES = List.of("choice", "uniform", "loguniform", "int", "grid");

    private SearchSpaceReader() {
    }

    /** The space, or null with the problems added to {@code problems}. */
    static SearchSpace read(JsonNode node, JsonMapper json, List<FieldProblem> problems) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            problems.add(new FieldProblem("searchSpace", "give at least one parameter, e.g. {\"optimizer.learningRate\": "
                    + "{\"type\": \"loguniform\", \"min\": 0.0001, \"max\": 0.1}}, or \"auto\""));
            return null;
        }
        Map<String, ParameterSpace> parameters = new LinkedHashMap<>();
        int before = problems.size();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            ParameterSpace p = parameter(field(entry.getKey()), entry.getValue(), json, problems);
            if (p != null) {
                parameters.put(entry.getKey(), p);
            }
        }
        return problems.size() == before ? new SearchSpace(parameters) : null;
    }

    /** The space as its JSON, the inverse of {@link #read}. */
    static Map<String, Map<String, Object>> toJson(SearchSpace space) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        space.parameters().forEach((path, p) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            if (p instanceof Choice c) {
                m.put("type", "choice");
                m.put("values", c.values());
            } else if (p instanceof GridValues g) {
                m.put("type", "grid");
                m.put("values", g.values());
            } else if (p instanceof Uniform u) {
                m.put("type", "uniform");
                m.put("min", u.min());
                m.put("max", u.max());
            } else if (p instanceof LogUniform l) {
                m.put("type", "loguniform");
                m.put("min", l.min());
                m.put("max", l.max());
            } else if (p instanceof IntRange i) {
                m.put("type", "int");
                m.put("min", i.min());
                m.put("max", i.max());
                m.put("log", i.log());
            }
            out.put(path, m);
        });
        return out;
    }

    static String field(String path) {
        return "searchSpace['" + path + "']";
    }

    private static ParameterSpace parameter(String field, JsonNode p, JsonMapper json, List<FieldProblem> problems) {
        String type = p != null && p.isObject() && p.path("type").isString() ? p.get("type").asString() : null;
        if (type == null || !TYPES.contains(type)) {
            problems.add(new FieldProblem(field + ".type", "must be one of " + String.join(", ", TYPES)
                    + ", e.g. {\"type\": \"uniform\", \"min\": 0.0, \"max\": 0.5}"));
            return null;
        }
        return switch (type) {
            case "choice", "grid" -> {
                List<Object> values = values(field, p.get("values"), json, problems);
                yield values == null ? null : type.equals("grid") ? new GridValues(values) : new Choice(values);
            }
            case "int" -> {
                Double min = number(field + ".min", p.get("min"), true, problems);
                Double max = number(field + ".max", p.get("max"), true, problems);
                JsonNode log = p.get("log");
                if (log != null && !log.isBoolean()) {
                    problems.add(new FieldProblem(field + ".log", "must be true or false"));
                    yield null;
                }
                yield min == null || max == null ? null
                        : new IntRange(min.intValue(), max.intValue(), log != null && log.asBoolean());
            }
            default -> {
                Double min = number(field + ".min", p.get("min"), false, problems);
                Double max = number(field + ".max", p.get("max"), false, problems);
                yield min == null || max == null ? null
                        : type.equals("uniform") ? new Uniform(min, max) : new LogUniform(min, max);
            }
        };
    }

    private static List<Object> values(String field, JsonNode values, JsonMapper json, List<FieldProblem> problems) {
        if (values == null || !values.isArray()) {
            problems.add(new FieldProblem(field + ".values", "must be a list of the values to try, e.g. [8, 32, 128]"));
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (JsonNode v : values) {
            if (v.isNull()) {
                problems.add(new FieldProblem(field + ".values", "must not contain null"));
                return null;
            }
            out.add(json.treeToValue(v, Object.class));
        }
        return out;
    }

    private static Double number(String field, JsonNode n, boolean integer, List<FieldProblem> problems) {
        if (n == null || !n.isNumber() || (integer && !n.isIntegralNumber())) {
            problems.add(new FieldProblem(field, integer ? "must be a whole number" : "must be a number"));
            return null;
        }
        return n.asDouble();
    }
}
