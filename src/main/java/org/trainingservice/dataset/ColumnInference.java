package org.trainingservice.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.trainingservice.training.spec.Task;

/**
 * What one CSV column is, read from the rows that have a target: the target's task and classes, and for every other
 * column whether it is a numeric or categorical feature or is left out (the rules are on {@link CsvEncoder}).
 */
final class ColumnInference {

    static final int MAX_CATEGORIES = 50;
    static final int MAX_CLASSES = 100;
    static final int MAX_INTEGER_CLASSES = 20;
    private static final Pattern DATE = Pattern.compile(
            "\\d{4}-\\d{1,2}-\\d{1,2}([ T].*)?|\\d{1,2}/\\d{1,2}/\\d{2,4}( .*)?|\\d{1,2}\\.\\d{1,2}\\.\\d{4}");

    private ColumnInference() {
    }

    /** The target column: its task (as asked, or inferred), its classes and their counts (classification). */
    record TargetInfo(Task task, List<String> classes, Map<String, Integer> balance, ColumnSummary summary) {
    }

    static TargetInfo target(CsvTable table, int index, List<Integer> kept, Task task) {
        String name = table.header().get(index);
        List<String> values = kept.stream().map(r -> table.rows().get(r)[index].trim()).toList();
        int firstText = -1;
        boolean integers = true;
        for (int i = 0; i < values.size(); i++) {
            Double v = CsvEncoder.parse(values.get(i));
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
        Task resolved = task != null ? task
                : !numeric || (integers && distinct <= MAX_INTEGER_CLASSES) ? Task.CLASSIFICATION : Task.REGRESSION;
        int missing = table.rows().size() - kept.size();
        String dropped = missing > 0 ? missing + " row(s) without a target were dropped" : null;
        if (resolved == Task.REGRESSION) {
            if (!numeric) {
                throw new DatasetFormatException("column " + name, "regression needs a numeric target, but row "
                        + (kept.get(firstText) + 1) + " of '" + name + "' is '" + values.get(firstText)
                        + "'; fix the value, or use task classification");
            }
            double[] stats = stats(values.stream().map(CsvEncoder::parse).toList());
            return new TargetInfo(resolved, null, null,
                    ColumnSummary.numericTarget(name, missing, stats[0], stats[1], stats[2], (int) distinct, dropped));
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
        values.forEach(v -> counts.merge(CsvEncoder.canonicalClass(v), 1, Integer::sum));
        List<String> classes = new ArrayList<>(counts.keySet());
        if (numeric) {
            classes.sort(Comparator.comparingDouble(Double::parseDouble));
        }
        Map<String, Integer> balance = new LinkedHashMap<>();
        classes.forEach(c -> balance.put(c, counts.get(c)));
        return new TargetInfo(resolved, List.copyOf(classes), balance, ColumnSummary.classTarget(name,
                numeric ? ColumnType.NUMERIC : ColumnType.CATEGORICAL, missing, List.copyOf(classes), dropped));
    }

    static ColumnSummary feature(CsvTable table, int c, List<Integer> kept) {
        String name = table.header().get(c);
        List<String> present = new ArrayList<>();
        List<Integer> presentRows = new ArrayList<>();
        for (int r : kept) {
            String v = table.rows().get(r)[c];
            if (!CsvEncoder.isMissing(v)) {
                present.add(v.trim());
                presentRows.add(r);
            }
        }
        int missing = kept.size() - present.size();
        if (present.isEmpty()) {
            return ColumnSummary.leftOut(name, ColumnType.TEXT, missing, 0, "every value is missing");
        }
        List<Double> numbers = new ArrayList<>();
        int firstText = -1;
        for (int i = 0; i < present.size(); i++) {
            Double v = CsvEncoder.parse(present.get(i));
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
            return ColumnSummary.numericFeature(name, missing, stats[0], stats[1], stats[2],
                    missing > 0 ? "median of the training split" : null);
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
            return ColumnSummary.leftOut(name, ColumnType.TEXT, missing, counts.size(),
                    "looks like dates; derive numeric features (year, month, day of week) before uploading if they matter");
        }
        if (counts.size() > MAX_CATEGORIES || counts.size() > Math.max(2, present.size() / 2)) {
            return ColumnSummary.leftOut(name, ColumnType.TEXT, missing, counts.size(), counts.size()
                    + " distinct values in " + present.size() + " rows: looks like an id or free text, not a category");
        }
        List<String> categories = counts.keySet().stream().sorted().toList();
        String mostFrequent = counts.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElseThrow();
        return ColumnSummary.categoricalFeature(name, missing, categories, mostFrequent);
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
