package org.trainingservice.experiment.search;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.trainingservice.training.spec.JobSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The search space's keys as paths into the job spec: whether a dotted path names a field of {@link JobSpec} (by
 * reflection over its record components, so new spec fields are searchable at once) and suits the parameter given
 * for it, and the spec of a trial built from the base spec and its hyperparameters.
 */
public final class SpecPaths {

    private static final SpecField ROOT = SpecField.of(JobSpec.class);

    private SpecPaths() {
    }

    /** The problems of every parameter of the space, in its key order. */
    public static List<SpaceProblem> check(SearchSpace space) {
        List<SpaceProblem> problems = new ArrayList<>();
        space.parameters().forEach((path, parameter) -> problems.addAll(check(path, parameter)));
        return problems;
    }

    /**
     * Whether {@code path} names a job-spec field and the parameter suits its type: an unknown name (with the names
     * there), a range on a list, string, enum, boolean or object, a real range on an integer field, or a choice value
     * of the wrong JSON type (one problem per value).
     */
    public static List<SpaceProblem> check(String path, ParameterSpace parameter) {
        String field = SearchSpace.field(path);
        if (path == null || path.isBlank()) {
            return List.of();  // SearchSpace.problems() reports blank keys
        }
        SpecField current = ROOT;
        String[] names = path.split("\\.", -1);
        for (int i = 0; i < names.length; i++) {
            String prefix = String.join(".", List.of(names).subList(0, i));
            if (current.kind() != SpecField.Kind.OBJECT || current.components().length == 0) {
                return List.of(new SpaceProblem(field, prefix + " takes " + current.describe()
                        + " and has no fields: search '" + prefix + "' itself"));
            }
            Optional<RecordComponent> component = current.component(names[i]);
            if (component.isEmpty()) {
                String where = i == 0 ? "the job spec" : prefix;
                return List.of(new SpaceProblem(field, "unknown path " + path + ": " + where + " has no field '"
                        + names[i] + "'; its fields are " + current.componentNames()));
            }
            current = SpecField.of(component.get().getGenericType());
        }
        return parameter == null ? List.of() : fit(path, field, current, parameter);
    }

    private static List<SpaceProblem> fit(String path, String field, SpecField target, ParameterSpace parameter) {
        if (parameter instanceof Choice c) {
            return fitValues(path, field, target, c.values());
        }
        if (parameter instanceof GridValues g) {
            return fitValues(path, field, target, g.values());
        }
        String advice = switch (target.kind()) {
            case LIST -> "use choice with lists as values, e.g. [[32], [64, 64]]";
            case STRING -> "use choice with strings as values";
            case ENUM -> "use choice with those names as values";
            case BOOLEAN -> "use choice with values [true, false]";
            case OBJECT -> "search its fields (e.g. " + path + "." + target.components()[0].getName()
                    + ") or use choice with objects as values";
            case INTEGER -> parameter instanceof IntRange ? null
                    : "use int (with \"log\": true for a log scale)";
            case NUMBER, OTHER -> null;
        };
        if (advice == null) {
            return List.of();
        }
        return List.of(new SpaceProblem(field + ".type", path + " takes " + target.describe() + ": " + advice
                + " instead of " + parameter.typeName()));
    }

    private static List<SpaceProblem> fitValues(String path, String field, SpecField target, List<Object> values) {
        List<SpaceProblem> problems = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!target.fits(values.get(i))) {
                problems.add(new SpaceProblem(field + ".values[" + i + "]", path + " takes " + target.describe()
                        + " but value " + i + " is " + render(values.get(i)) + ": give " + target.describe()));
            }
        }
        return problems;
    }

    private static String render(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    /**
     * A copy of {@code baseSpec} with each dotted path set to its value (intermediate objects created where missing
     * or not objects). Values become JSON by the field's type where the path is known: integer fields get integer
     * nodes (also from 32.0 or a Long), lists stay lists; the rest as Jackson writes them.
     */
    public static ObjectNode apply(ObjectNode baseSpec, Map<String, Object> hyperparameters, JsonMapper json) {
        ObjectNode spec = baseSpec == null ? json.createObjectNode() : baseSpec.deepCopy();
        hyperparameters.forEach((path, value) -> {
            String[] names = path.split("\\.");
            ObjectNode node = spec;
            for (int i = 0; i < names.length - 1; i++) {
                node = node.get(names[i]) instanceof ObjectNode child ? child : node.putObject(names[i]);
            }
            node.set(names[names.length - 1], toNode(resolve(names), value, json));
        });
        return spec;
    }

    /** The field at the path, or OTHER where the path is not in the job spec. */
    private static SpecField resolve(String[] names) {
        SpecField current = ROOT;
        for (String name : names) {
            Optional<RecordComponent> component = current.component(name);
            if (component.isEmpty()) {
                return new SpecField(SpecField.Kind.OTHER, Object.class);
            }
            current = SpecField.of(component.get().getGenericType());
        }
        return current;
    }

    private static JsonNode toNode(SpecField field, Object value, JsonMapper json) {
        if (value == null) {
            return json.getNodeFactory().nullNode();
        }
        if (field.kind() == SpecField.Kind.INTEGER && value instanceof Number n && field.fits(n)) {
            long whole = n.longValue();
            return whole == (int) whole ? json.getNodeFactory().numberNode((int) whole)
                    : json.getNodeFactory().numberNode(whole);
        }
        if (field.kind() == SpecField.Kind.LIST && value instanceof List<?> list) {
            ArrayNode array = json.createArrayNode();
            list.forEach(element -> array.add(toNode(field.element(), element, json)));
            return array;
        }
        if (field.kind() == SpecField.Kind.OBJECT && value instanceof Map<?, ?> map) {
            ObjectNode object = json.createObjectNode();
            map.forEach((key, v) -> object.set(String.valueOf(key), toNode(field.component(String.valueOf(key))
                    .map(c -> SpecField.of(c.getGenericType())).orElse(new SpecField(SpecField.Kind.OTHER,
                            Object.class)), v, json)));
            return object;
        }
        return json.valueToTree(value);
    }
}
