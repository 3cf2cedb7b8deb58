package org.trainingservice.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns a CSV table into a schema ({@link #infer}) and the schema plus the table into model inputs ({@link #apply}).
 *
 * <p>Rules: a column whose values all parse as numbers is numeric; one where most do and a few don't is an error that
 * names the row (a stray text value); dates are left out; text with at most {@value #MAX_CATEGORIES} distinct values
 * (and at most half as many as rows) becomes one-hot categories; other text (ids, free text) is left out. Missing
 * values ({@code "", NA, N/A, NaN, null, None, ?}) are counted: numeric ones become NaN for the trainer to impute with
 * the training split's median, categorical ones take the most frequent category. Rows without a target are dropped.
 */
public final class CsvEncoder {

    static final int MAX_CATEGORIES = 50;
    static final int MAX_CLASSES = 100;
    static final int MAX_INTEGER_CLASSES = 20;
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "none", "?");
    private static final Pattern DATE = Pattern.compile(
            "\\d{4}-\\d{1,2}-\\d{1,2}([ T].*)?|\\d{1,2}/\\d{1,2}/\\d{2,4}( .*)?|\\d{1,2}\\.\\d{1,2}\\.\\d{4}");

    private CsvEncoder() {
    }

    public static boolean isMissing(String value) {
        return value == null || MISSING.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    public static EncodedDataset encode(CsvTable table, String target, String task, Set<String> ignore) {
        DatasetSchema schema = infer(table, target, task, ignore);
        return new EncodedDataset(schema, apply(table, schema));
    }

    public static DatasetSchema infer(CsvTable table, String target, String task, Set<String> ignore) {
        List<String> header = table.header();
        if (target == null || target.isBlank()) {
            throw new DatasetFormatException("target", "name the label column in 'target'; columns are " + header);
        }
        int targetIndex = header.indexOf(target);
        if (targetIndex < 0) {
            throw new DatasetFormatException("target", "target column '" + target + "' does not exist; columns are " + header);
        }
        for (String name : ignore) {
            if (!header.contains(name)) {
                throw new DatasetFormatException("ignore", "column '" + name + "' in 'ignore' does not exist; columns are " + header);
            }
            if (name.equals(target)) {
                throw new DatasetFormatException("ignore", "the target column '" + target + "' cannot be ignored");
            }
        }
        if (task != null && !task.equals("classification") && !task.equals("regression")) {
            throw new DatasetFormatException("task", "task must be classification or regression, was '" + task + "'");
        }
        List<Integer> kept = new ArrayList<>();
        int dropped = 0;
        for (int r = 0; r < table.rows().size(); r++) {
            if (isMissing(table.rows().get(r)[targetIndex])) {
                dropped++;
            } else {
                kept.add(r);
            }
        }
        if (kept.isEmpty()) {
            throw new DatasetFormatException("column " + target, "every row's target '" + target + "' is missing");
        }
        TargetInfo targetInfo = targetInfo(table, targetIndex, kept, task);
        List<ColumnSummary> columns = new ArrayList<>();
        List<ColumnSummary> leftOut = new ArrayList<>();
        List<String> featureNames = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (c == targetIndex) {
                columns.add(targetInfo.summary());
                continue;
            }
            if (ignore.contains(name)) {
                ColumnSummary s = new ColumnSummary(name, "ignored", null, 0, null, null, null, null, null, null,
                        "listed in 'ignore'");
                columns.add(s);
                continue;
            }
            ColumnSummary s = feature(table, c, kept);
            columns.add(s);
            if (s.role().equals("left_out")) {
                leftOut.add(s);
            } else if (s.type().equals("numeric")) {
                featureNames.add(name);
            } else {
                s.categories().forEach(category -> featureNames.add(name + "=" + category));
            }
        }
        if (featureNames.isEmpty()) {
            throw new DatasetFormatException("file", "no usable feature column remains besides the target; left out: "
                    + leftOut.stream().map(s -> s.name() + " (" + s.reason() + ")").toList());
        }
        return new DatasetSchema("csv", targetInfo.task(), target, kept.size(), dropped,
                String.valueOf(table.delimiter()), featureNames.size(), List.copyOf(featureNames), List.copyOf(columns),
                targetInfo.classes(), targetInfo.balance(), null, List.copyOf(leftOut), null, null);
    }

    /** Encodes every row with a target; row numbers in errors are 1-based data rows. */
    public static DatasetMatrix apply(CsvTable table, DatasetSchema schema) {
        RowEncoder encoder = new RowEncoder(schema);
        int targetIndex = table.header().indexOf(schema.target());
        int cols = schema.features();
        List<float[]> features = new ArrayList<>();
        List<Float> targets = new ArrayList<>();
        Map<String, Integer> classIndex = new HashMap<>();
        if (schema.classes() != null) {
            for (int i = 0; i < schema.classes().size(); i++) {
                classIndex.put(schema.classes().get(i), i);
            }
        }
        for (int r = 0; r < table.rows().size(); r++) {
            String[] row = table.rows().get(r);
            String y = row[targetIndex].trim();
            if (isMissing(y)) {
                continue;
            }
            Map<String, String> raw = new HashMap<>();
            for (int c = 0; c < row.length; c++) {
                raw.put(table.header().get(c), row[c]);
            }
            try {
                features.add(encoder.encode(raw));
            } catch (DatasetFormatException e) {
                throw new DatasetFormatException(e.where(), "row " + (r + 1) + ": " + e.reason());
            }
            if (schema.task().equals("classification")) {
                targets.add((float) classIndex.get(canonicalClass(y)));
            } else {
                targets.add((float) Double.parseDouble(y));
            }
        }
        float[] x = new float[features.size() * cols];
        float[] t = new float[features.size()];
        for (int i = 0; i < features.size(); i++) {
            System.arraycopy(features.get(i), 0, x, i * cols, cols);
            t[i] = targets.get(i);
        }
        List<String> classes = schema.classes() == null ? List.of() : schema.classes();
        return new DatasetMatrix(x, features.size(), cols, t, classes, schema.featureNames(), new int[0], Double.NaN);
    }

    private record TargetInfo(String task, List<String> classes, Map<String, Integer> balance, ColumnSummary summary) {
    }

    private static TargetInfo targetInfo(CsvTable table, int index, List<Integer> kept, String task) {
        String name = table.header().get(index);
        List<String> values = kept.stream().map(r -> table.rows().get(r)[index].trim()).toList();
        int firstText = -1;
        boolean integers = true;
        for (int i = 0; i < values.size(); i++) {
            Double v = parse(values.get(i));
            if (v == null) {
                if (firstText < 0) {
                    firstText = i;
                }
            } else if (v != Math.rint(v)) {
                integers = false;
            }
        }
        boolean numeric = firstText < 0;
        long distinct = values.stream().map(CsvEncoder::canonicalClass).distinct().count();
        String resolved = task != null ? task
                : !numeric || (integers && distinct <= MAX_INTEGER_CLASSES) ? "classification" : "regression";
        int missing = table.rows().size() - kept.size();
        if (resolved.equals("regression")) {
            if (!numeric) {
                throw new DatasetFormatException("column " + name, "regression needs a numeric target, but row "
                        + (kept.get(firstText) + 1) + " of '" + name + "' is '" + values.get(firstText)
                        + "'; fix the value, or use task classification");
            }
            double[] stats = stats(values.stream().map(CsvEncoder::parse).toList());
            return new TargetInfo(resolved, null, null, new ColumnSummary(name, "target", "numeric", missing,
                    stats[0], stats[1], stats[2], (int) distinct, null, null,
                    missing > 0 ? missing + " row(s) without a target were dropped" : null));
        }
        if (distinct > MAX_CLASSES) {
            throw new DatasetFormatException("column " + name, "target '" + name + "' has " + distinct
                    + " distinct values: too many classes (at most " + MAX_CLASSES + "); for a numeric target use task regression");
        }
        if (distinct < 2) {
            throw new DatasetFormatException("column " + name, "target '" + name + "' has a single class; "
                    + "classification needs at least two");
        }
        Map<String, Integer> counts = new TreeMap<>();
        values.forEach(v -> counts.merge(canonicalClass(v), 1, Integer::sum));
        List<String> classes = new ArrayList<>(counts.keySet());
        if (numeric) {
            classes.sort(Comparator.comparingDouble(Double::parseDouble));
        }
        Map<String, Integer> balance = new LinkedHashMap<>();
        classes.forEach(c -> balance.put(c, counts.get(c)));
        return new TargetInfo(resolved, List.copyOf(classes), balance, new ColumnSummary(name, "target",
                numeric ? "numeric" : "categorical", missing, null, null, null, classes.size(), List.copyOf(classes),
                null, missing > 0 ? missing + " row(s) without a target were dropped" : null));
    }

    /** Integer-valued numeric labels are spelled without a fraction, so "1" and "1.0" are one class. */
    static String canonicalClass(String value) {
        Double v = parse(value);
        if (v != null && v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString(v.longValue());
        }
        return value.trim();
    }

    private static ColumnSummary feature(CsvTable table, int c, List<Integer> kept) {
        String name = table.header().get(c);
        List<String> present = new ArrayList<>();
        List<Integer> presentRows = new ArrayList<>();
        for (int r : kept) {
            String v = table.rows().get(r)[c];
            if (!isMissing(v)) {
                present.add(v.trim());
                presentRows.add(r);
            }
        }
        int missing = kept.size() - present.size();
        if (present.isEmpty()) {
            return leftOut(name, "text", missing, 0, "every value is missing");
        }
        List<Double> numbers = new ArrayList<>();
        int firstText = -1;
        for (int i = 0; i < present.size(); i++) {
            Double v = parse(present.get(i));
            if (v == null) {
                if (firstText < 0) {
                    firstText = i;
                }
            } else {
                numbers.add(v);
            }
        }
        if (firstText < 0) {
            double[] stats = stats(numbers);
            return new ColumnSummary(name, "feature", "numeric", missing, stats[0], stats[1], stats[2], null, null,
                    missing > 0 ? "median of the training split" : null, null);
        }
        if (numbers.size() >= 0.8 * present.size()) {
            throw new DatasetFormatException("column " + name, "column '" + name + "' is numeric but row "
                    + (presentRows.get(firstText) + 1) + " holds '" + present.get(firstText)
                    + "'; fix the value, or leave it empty (or NA) to mark it missing");
        }
        long dates = present.stream().filter(v -> DATE.matcher(v).matches()).count();
        Map<String, Integer> counts = new HashMap<>();
        present.forEach(v -> counts.merge(v, 1, Integer::sum));
        if (dates >= 0.8 * present.size()) {
            return leftOut(name, "text", missing, counts.size(),
                    "looks like dates; derive numeric features (year, month, day of week) before uploading if they matter");
        }
        if (counts.size() > MAX_CATEGORIES || counts.size() > Math.max(2, present.size() / 2)) {
            return leftOut(name, "text", missing, counts.size(), counts.size() + " distinct values in " + present.size()
                    + " rows: looks like an id or free text, not a category");
        }
        List<String> categories = counts.keySet().stream().sorted().toList();
        String mostFrequent = counts.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElseThrow();
        return new ColumnSummary(name, "feature", "categorical", missing, null, null, null, categories.size(),
                categories, mostFrequent, null);
    }

    private static ColumnSummary leftOut(String name, String type, int missing, int distinct, String reason) {
        return new ColumnSummary(name, "left_out", type, missing, null, null, null, distinct, null, null, reason);
    }

    static Double parse(String value) {
        String v = value.trim();
        if (v.isEmpty() || !(Character.isDigit(v.charAt(v.length() - 1)) || v.endsWith("."))) {
            return null; // excludes "Infinity", "NaN", "1f", "2d" that Double.parseDouble would take
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double[] stats(List<Double> values) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return new double[]{min, max, sum / values.size()};
    }
}
