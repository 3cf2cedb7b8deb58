package org.trainingservice.experiment.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The JSON type of one job-spec field, read from the Java type of its record component. */
record SpecField(Kind kind, Type type) {

    enum Kind { INTEGER, NUMBER, BOOLEAN, STRING, ENUM, LIST, OBJECT, OTHER }

    static SpecField of(Type type) {
        Class<?> raw = raw(type);
        Kind kind;
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class
                || raw == Short.class || raw == short.class) {
            kind = Kind.INTEGER;
        } else if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            kind = Kind.NUMBER;
        } else if (raw == Boolean.class || raw == boolean.class) {
            kind = Kind.BOOLEAN;
        } else if (raw == String.class) {
            kind = Kind.STRING;
        } else if (raw.isEnum()) {
            kind = Kind.ENUM;
        } else if (Collection.class.isAssignableFrom(raw)) {
            kind = Kind.LIST;
        } else if (raw.isRecord()) {
            kind = Kind.OBJECT;
        } else {
            kind = Kind.OTHER;
        }
        return new SpecField(kind, type);
    }

    static Class<?> raw(Type type) {
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return type instanceof Class<?> c ? c : Object.class;
    }

    /** The record component called {@code name} of this field's record type, if it is a record and has one. */
    Optional<RecordComponent> component(String name) {
        return Arrays.stream(components()).filter(c -> c.getName().equals(name)).findFirst();
    }

    RecordComponent[] components() {
        Class<?> raw = raw(type);
        return raw.isRecord() ? raw.getRecordComponents() : new RecordComponent[0];
    }

    String componentNames() {
        return Arrays.stream(components()).map(RecordComponent::getName).collect(Collectors.joining(", "));
    }

    /** The element field of a list, e.g. Integer for {@code List<Integer>}. */
    SpecField element() {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
            return of(p.getActualTypeArguments()[0]);
        }
        return new SpecField(Kind.OTHER, Object.class);
    }

    /** The JSON names of an enum's constants, as Jackson reads them ({@code @JsonProperty}, else the name). */
    List<String> enumNames() {
        Class<?> raw = raw(type);
        return Arrays.stream(raw.getEnumConstants()).map(constant -> {
            String name = ((Enum<?>) constant).name();
            try {
                JsonProperty property = raw.getField(name).getAnnotation(JsonProperty.class);
                return property != null ? property.value() : name;
            } catch (NoSuchFieldException impossible) {
                return name;
            }
        }).toList();
    }

    /** What the field takes, for messages: "an integer", "a list of integers", "one of relu, tanh". */
    String describe() {
        return switch (kind) {
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case STRING -> "a string";
            case ENUM -> "one of " + String.join(", ", enumNames());
            case LIST -> element().kind == Kind.OTHER ? "a list" : "a list of " + element().plural();
            case OBJECT -> "an object";
            case OTHER -> "a value";
        };
    }

    private String plural() {
        return switch (kind) {
            case INTEGER -> "integers";
            case NUMBER -> "numbers";
            case STRING -> "strings";
            case LIST -> "lists";
            case OBJECT -> "objects";
            default -> "values";
        };
    }

    /** Whether a JSON-like value fits the field (null always does: it means the field's default). */
    boolean fits(Object value) {
        if (value == null) {
            return true;
        }
        return switch (kind) {
            case INTEGER -> value instanceof Number n && Double.isFinite(n.doubleValue())
                    && n.doubleValue() == Math.rint(n.doubleValue());
            case NUMBER -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case STRING -> value instanceof String;
            case ENUM -> value instanceof String s && enumNames().contains(s);
            case LIST -> value instanceof List<?> list && list.stream().allMatch(element()::fits);
            case OBJECT -> value instanceof Map<?, ?> map && fitsObject(map);
            case OTHER -> true;
        };
    }

    private boolean fitsObject(Map<?, ?> map) {
        return map.entrySet().stream().allMatch(e -> e.getKey() instanceof String key
                && component(key).map(c -> of(c.getGenericType()).fits(e.getValue())).orElse(false));
    }
}
