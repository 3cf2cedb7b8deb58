package org.trainingservice.experiment.search;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Equality of JSON-like values as JSON sees them: hyperparameters come back from the database as whatever the JSON
 * reader chose (32 may return as a Long, [64] as an ArrayList), and must still match the choice they were drawn from.
 */
final class JsonValues {

    private JsonValues() {
    }

    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return sameLists(x, y);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size() && x.entrySet().stream()
                    .allMatch(e -> y.containsKey(e.getKey()) && same(e.getValue(), y.get(e.getKey())));
        }
        return a == null ? b == null : a.equals(b);
    }

    private static boolean sameLists(List<?> x, List<?> y) {
        if (x.size() != y.size()) {
            return false;
        }
        Iterator<?> i = x.iterator();
        Iterator<?> j = y.iterator();
        while (i.hasNext()) {
            if (!same(i.next(), j.next())) {
                return false;
            }
        }
        return true;
    }

    /** The position of {@code value} among {@code values}, or -1. */
    static int indexOf(List<Object> values, Object value) {
        for (int i = 0; i < values.size(); i++) {
            if (same(values.get(i), value)) {
                return i;
            }
        }
        return -1;
    }
}
