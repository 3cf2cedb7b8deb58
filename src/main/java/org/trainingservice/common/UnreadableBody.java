package org.trainingservice.common;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** The field of a request body that JSON binding refused and what to send instead, in words a client can act on. */
final class UnreadableBody {

    private UnreadableBody() {
    }

    static FieldProblem describe(HttpMessageNotReadableException ex, int maxJsonDepth) {
        Throwable cause = ex.getCause();
        if (cause instanceof StreamConstraintsException c && c.getOriginalMessage().contains("nesting depth")) {
            return new FieldProblem(path(c), "the JSON nests more than " + maxJsonDepth
                    + " levels deep, the most accepted (training.limits.max-json-depth=" + maxJsonDepth + ")");
        }
        if (cause instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : "; known fields here: "
                    + u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            return new FieldProblem(path(u), "unknown field '" + u.getPropertyName() + "'" + known);
        }
        if (cause instanceof InvalidFormatException f) {
            return new FieldProblem(path(f), ScalarMismatch.describe(f.getValue(), f.getTargetType()));
        }
        if (cause instanceof MismatchedInputException m && m.getPath().isEmpty()) {
            return new FieldProblem("", wholeBody(m));
        }
        if (cause instanceof MismatchedInputException m && m.getTargetType() != null && quotedScalar(m) != null) {
            return new FieldProblem(path(m), ScalarMismatch.describe(quotedScalar(m), m.getTargetType()));
        }
        if (cause instanceof StreamReadException s) {
            return new FieldProblem("", "the body is not valid JSON: " + s.getOriginalMessage());
        }
        if (cause instanceof JacksonException j) {
            return new FieldProblem(path(j), j.getOriginalMessage());
        }
        return new FieldProblem("", "the request body is missing or unreadable; send a JSON document");
    }

    /** The body is not the object the endpoint takes: say which object, and how to wrap a bare array. */
    private static String wholeBody(MismatchedInputException m) {
        Class<?> target = m.getTargetType();
        if (target == null || !target.isRecord()) {
            return "the body must be a JSON object with the fields the API documentation shows, not an array or a "
                    + "single value";
        }
        List<RecordComponent> fields = Arrays.asList(target.getRecordComponents());
        if (fields.size() == 1 && List.class.isAssignableFrom(fields.get(0).getType())
                && String.valueOf(m.getOriginalMessage()).contains("from Array value")) {
            String name = fields.get(0).getName();
            return "the body must be a JSON object, not a bare array: wrap the array as {\"" + name + "\": [...]}";
        }
        return "the body must be a JSON object with the fields " + fields.stream().map(RecordComponent::getName).toList()
                + ", not an array or a single value";
    }

    private static final Pattern QUOTED = Pattern.compile("^Cannot coerce String value \\(\"(.*)\"\\) to ");

    /**
     * The string a scalar field refused (a number in quotes, say), or null when the refusal was about something
     * else. Jackson names it only in its message: the parser is closed by the time the error is handled.
     */
    private static Object quotedScalar(MismatchedInputException m) {
        Matcher matcher = QUOTED.matcher(String.valueOf(m.getOriginalMessage()));
        return matcher.find() ? matcher.group(1) : null;
    }

    static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
