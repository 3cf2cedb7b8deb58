package org.trainingservice.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What to tell a client whose JSON value has the wrong type for its field: the value it sent, the type the field
 * takes and, where the intent is plain (a number in quotes, 10.0 for an integer), the value to send instead.
 */
final class ScalarMismatch {

    private static final Set<Class<?>> INTEGERS = Set.of(Integer.class, int.class, Long.class, long.class,
            Short.class, short.class, Byte.class, byte.class, java.math.BigInteger.class);
    private static final Set<Class<?>> NUMBERS = Set.of(Double.class, double.class, Float.class, float.class,
            BigDecimal.class, Number.class);

    private ScalarMismatch() {
    }

    static String describe(Object value, Class<?> target) {
        if (target != null && target.isEnum()) {
            return "'" + value + "' is not valid; expected one of " + enumNames(target);
        }
        if (target != null && INTEGERS.contains(target)) {
            return integer(value);
        }
        if (target != null && NUMBERS.contains(target)) {
            return value instanceof String s && parses(s)
                    ? "must be a number, not the string \"" + s + "\": send " + s + " without quotes"
                    : "must be a number, was " + shown(value);
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false, was " + shown(value);
        }
        if (target == String.class) {
            return "must be a string, was " + shown(value) + ": put it in quotes";
        }
        return "'" + value + "' is not valid; expected " + (target == null ? "a value of another type" : target.getSimpleName());
    }

    private static String integer(Object value) {
        if (value instanceof String s) {
            return parses(s) ? "must be an integer, not the string \"" + s + "\": send " + s + " without quotes"
                    : "must be an integer, was " + shown(value);
        }
        if (value instanceof Number n) {
            BigDecimal decimal = new BigDecimal(n.toString());
            return decimal.stripTrailingZeros().scale() <= 0
                    ? "must be an integer, was " + n + ": send " + decimal.toBigInteger() + " without a fraction"
                    : "must be an integer (a whole number), was " + n;
        }
        return "must be an integer, was " + shown(value);
    }

    private static boolean parses(String s) {
        try {
            new BigDecimal(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String shown(Object value) {
        return value instanceof String s ? "the string \"" + s + "\"" : String.valueOf(value);
    }

    static List<String> enumNames(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> {
            try {
                JsonProperty annotation = type.getField(((Enum<?>) c).name()).getAnnotation(JsonProperty.class);
                return annotation != null ? annotation.value() : c.toString();
            } catch (NoSuchFieldException e) {
                return c.toString();
            }
        }).toList();
    }
}
