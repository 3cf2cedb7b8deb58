package org.trainingservice.contract;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks a real JSON answer against its schema in the served document: every property of every object is declared
 * (or the object is a declared map), every required property is there, and each value has the declared type and one
 * of the declared enum values. What a generated client would trip over, listed with its path.
 */
final class SchemaConformance {

    private final OpenAPI document;
    private final List<String> problems = new ArrayList<>();

    private SchemaConformance(OpenAPI document) {
        this.document = document;
    }

    static List<String> problems(OpenAPI document, JsonNode value, Schema<?> schema) {
        SchemaConformance check = new SchemaConformance(document);
        check.check("$", value, schema);
        return check.problems;
    }

    private void check(String path, JsonNode value, Schema<?> declared) {
        Schema<?> schema = resolve(declared);
        if (schema == null) {
            problems.add(path + ": no schema (unresolved " + declared.get$ref() + ")");
            return;
        }
        if (schema.getOneOf() != null || schema.getAnyOf() != null) {
            List<Schema> options = schema.getOneOf() != null ? schema.getOneOf() : schema.getAnyOf();
            if (options.stream().noneMatch(o -> problems(document, value, o).isEmpty())) {
                problems.add(path + ": matches none of its " + options.size() + " alternatives: " + value);
            }
            return;
        }
        Set<String> types = types(schema);
        if (value.isNull()) {
            if (!types.isEmpty() && !types.contains("null")) {
                problems.add(path + ": null where the schema says " + types);
            }
            return;
        }
        String actual = jsonType(value);
        boolean typed = types.isEmpty() || types.contains(actual) || (actual.equals("integer") && types.contains("number"));
        if (!typed) {
            problems.add(path + ": " + actual + " " + abbreviate(value) + " where the schema says " + types);
            return;
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty() && value.isString()
                && schema.getEnum().stream().map(String::valueOf).noneMatch(value.asString()::equals)) {
            problems.add(path + ": '" + value.asString() + "' is not one of " + schema.getEnum());
        }
        if (value.isArray() && schema.getItems() != null) {
            for (int i = 0; i < value.size(); i++) {
                check(path + "[" + i + "]", value.get(i), schema.getItems());
            }
        }
        if (value.isObject()) {
            checkObject(path, value, schema);
        }
    }

    private void checkObject(String path, JsonNode value, Schema<?> schema) {
        Map<String, Schema> properties = schema.getProperties();
        Object additional = schema.getAdditionalProperties();
        if (schema.getRequired() != null) {
            schema.getRequired().stream().filter(name -> !value.has(name))
                    .forEach(name -> problems.add(path + ": required property '" + name + "' is missing"));
        }
        for (String name : value.propertyNames()) {
            String at = path + "." + name;
            if (properties != null && properties.containsKey(name)) {
                check(at, value.get(name), properties.get(name));
            } else if (additional instanceof Schema<?> valueSchema) {
                check(at, value.get(name), valueSchema);
            } else if (properties != null && !Boolean.TRUE.equals(additional)) {
                problems.add(at + ": not declared in the schema (declared: " + properties.keySet() + ")");
            }
        }
    }

    private Schema<?> resolve(Schema<?> schema) {
        Schema<?> current = schema;
        while (current != null && current.get$ref() != null) {
            String name = current.get$ref().substring(current.get$ref().lastIndexOf('/') + 1);
            current = document.getComponents().getSchemas().get(name);
        }
        return current;
    }

    private static Set<String> types(Schema<?> schema) {
        if (schema.getTypes() != null && !schema.getTypes().isEmpty()) {
            return schema.getTypes();
        }
        return schema.getType() == null ? Set.of() : Set.of(schema.getType());
    }

    private static String jsonType(JsonNode value) {
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return "string";
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
