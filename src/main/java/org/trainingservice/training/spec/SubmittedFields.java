package org.trainingservice.training.spec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * Which fields of a spec the client wrote, read from the spec as submitted (before {@link JobSpec#withDefaults}).
 * A refusal about a field the client left out is about its default, which a person cannot see in what they sent;
 * {@link #explain} says so and shows the default, so that the fix (set the field, or change the value it conflicts
 * with) is plain.
 */
public final class SubmittedFields {

    private final JobSpec submitted;

    private SubmittedFields(JobSpec submitted) {
        this.submitted = submitted;
    }

    public static SubmittedFields of(JobSpec submitted) {
        return new SubmittedFields(submitted);
    }

    /** Whether the client gave a value at the dotted path ({@code model.hidden[1]} counts as {@code model.hidden}). */
    public boolean set(String path) {
        return valueAt(submitted, path) != null;
    }

    /**
     * The message of a refusal of {@code field}, with a note when the client did not set the field and the refused
     * value is its default in {@code withDefaults}.
     */
    public String explain(String field, String message, JobSpec withDefaults) {
        if (field == null || field.isEmpty() || set(field)) {
            return message;
        }
        Object value = valueAt(withDefaults, field);
        if (value == null) {
            return message;  // nothing to default (a required field): the message says what is missing
        }
        String shown = value instanceof Record || value instanceof Map<?, ?> ? "" : " " + render(value);
        return message + " (you did not set " + field + "; its default" + shown
                + " applies: set it, or change the value it conflicts with)";
    }

    /** The value at a dotted path of a spec record, null where the path or any object on it is absent. */
    static Object valueAt(Object root, String path) {
        Object current = root;
        for (String name : path.replaceAll("\\[\\d+]", "").split("\\.")) {
            if (!(current instanceof Record record)) {
                return null;
            }
            current = component(record, name);
        }
        return current;
    }

    private static Object component(Record record, String name) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                try {
                    return c.getAccessor().invoke(record);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + name + " of " + record.getClass().getSimpleName(), e);
                }
            }
        }
        return null;
    }

    private static String render(Object value) {
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase();
        }
        if (value instanceof Collection<?> list) {
            return list.toString();
        }
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
