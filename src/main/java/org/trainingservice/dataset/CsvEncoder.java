package org.trainingservice.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.trainingservice.training.spec.Task;

/**
 * Turns a CSV table into a schema ({@link #infer}) and the schema plus the table into model inputs ({@link #apply}).
 *
 * <p>Rules ({@link ColumnInference} applies them to each column): a column whose values all parse as numbers is
 * numeric; one where most do and a few don't is an error that names the row (a stray text value); dates are left out;
 * text with at most {@value ColumnInference#MAX_CATEGORIES} distinct values (and at most half as many as rows) becomes
 * one-hot categories; other text (ids, free text) is left out. Missing values ({@code "", NA, N/A, NaN, null, None,
 * ?}) are counted: numeric ones become NaN for the trainer to impute with the training split's median, categorical
 * ones take the most frequent category. Rows without a target are dropped.
 */
public final class CsvEncoder {

    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "none", "?");

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
        Task asked = task(task);
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
        ColumnInference.TargetInfo targetInfo = ColumnInference.target(table, targetIndex, kept, asked);
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
                columns.add(ColumnSummary.ignored(name));
                continue;
            }
            ColumnSummary s = ColumnInference.feature(table, c, kept);
            columns.add(s);
            if (s.role() == ColumnRole.LEFT_OUT) {
                leftOut.add(s);
            } else if (s.type() == ColumnType.NUMERIC) {
                featureNames.add(name);
            } else {
                s.categories().forEach(category -> featureNames.add(name + "=" + category));
            }
        }
        if (featureNames.isEmpty()) {
            throw new DatasetFormatException("file", "no usable feature column remains besides the target; left out: "
                    + leftOut.stream().map(s -> s.name() + " (" + s.reason() + ")").toList());
        }
        return DatasetSchema.csv(targetInfo.task(), target, kept.size(), dropped, table.delimiter(), featureNames,
                columns, targetInfo.classes(), targetInfo.balance(), leftOut);
    }

    /** The task an upload asks for (null: infer it from the target's values). */
    private static Task task(String asked) {
        if (asked == null) {
            return null;
        }
        return switch (asked) {
            case "classification" -> Task.CLASSIFICATION;
            case "regression" -> Task.REGRESSION;
            default -> throw new DatasetFormatException("task", "task must be classification or regression, was '"
                    + asked + "'");
        };
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
            if (schema.task() == Task.CLASSIFICATION) {
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

    /** Integer-valued numeric labels are spelled without a fraction, so "1" and "1.0" are one class. */
    static String canonicalClass(String value) {
        Double v = parse(value);
        if (v != null && v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString(v.longValue());
        }
        return value.trim();
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
}
