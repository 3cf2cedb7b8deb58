package org.trainingservice.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.trainingservice.dataset.DatasetWarning.Kind;

/**
 * What an upload should tell the person who sent it, beside what it stored: decimal commas read as numbers (or, in
 * a file not separated by ';', left as text), classes with very few rows, and labels that look like one class
 * spelt two ways (by case, spacing, or one letter). None of them refuses the file: each may be what was meant.
 */
final class UploadWarnings {

    /** A class needs a few rows in each of the training, validation and test splits to be learnt and measured. */
    static final int MIN_CLASS_ROWS = 5;
    /** One letter apart counts only between words this long: "cat" and "car" are plausibly two classes. */
    private static final int MIN_LENGTH_FOR_ONE_LETTER = 5;

    private UploadWarnings() {
    }

    static List<DatasetWarning> of(CsvTable table, DatasetSchema schema) {
        List<DatasetWarning> warnings = new ArrayList<>();
        decimalCommas(table, schema, warnings);
        if (schema.classBalance() != null) {
            rareClasses(schema, warnings);
            similarLabels(schema, warnings);
        }
        return warnings;
    }

    private static void decimalCommas(CsvTable table, DatasetSchema schema, List<DatasetWarning> warnings) {
        List<String> read = schema.decimalComma() == null ? List.of() : schema.decimalComma();
        for (String column : read) {
            warnings.add(new DatasetWarning(column, Kind.DECIMAL_COMMA, "values use a decimal comma (e.g. '"
                    + example(table, column) + "'): read as numbers, since the file is separated by ';'"));
        }
        for (ColumnSummary c : schema.columns()) {
            if (read.contains(c.name()) || c.type() == ColumnType.NUMERIC || c.role() == ColumnRole.IGNORED) {
                continue;
            }
            int index = table.header().indexOf(c.name());
            long present = table.rows().stream().filter(r -> !CsvEncoder.isMissing(r[index])).count();
            long commas = table.rows().stream().filter(r -> DecimalCommas.looksLikeOne(r[index])).count();
            if (present > 0 && commas >= 0.8 * present) {
                warnings.add(new DatasetWarning(c.name(), Kind.DECIMAL_COMMA, "values look like numbers with a decimal "
                        + "comma (e.g. '" + example(table, c.name()) + "') but were read as text ("
                        + (c.role() == ColumnRole.TARGET ? "class labels" : c.type().jsonName()) + "): write them with a decimal "
                        + "point, or separate the columns with ';' so that every value reads as a number"));
            }
        }
    }

    private static String example(CsvTable table, String column) {
        int index = table.header().indexOf(column);
        return table.rows().stream().map(r -> r[index].trim()).filter(v -> v.contains(",")).findFirst().orElse("");
    }

    private static void rareClasses(DatasetSchema schema, List<DatasetWarning> warnings) {
        schema.classBalance().forEach((label, rows) -> {
            if (rows < MIN_CLASS_ROWS) {
                warnings.add(new DatasetWarning(schema.target(), Kind.RARE_CLASS, "class '" + label + "' has only " + rows
                        + (rows == 1 ? " row" : " rows") + ": too few to learn it and to have it in every split (at least "
                        + MIN_CLASS_ROWS + " advised); add rows, or merge or remove the class"));
            }
        });
    }

    private static void similarLabels(DatasetSchema schema, List<DatasetWarning> warnings) {
        List<Map.Entry<String, Integer>> labels = new ArrayList<>(schema.classBalance().entrySet());
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                String a = labels.get(i).getKey();
                String b = labels.get(j).getKey();
                String how = difference(a, b);
                if (how != null) {
                    warnings.add(new DatasetWarning(schema.target(), Kind.SIMILAR_LABELS, "labels '" + a + "' ("
                            + rows(labels.get(i).getValue()) + ") and '" + b + "' (" + rows(labels.get(j).getValue())
                            + ") differ only by " + how + ": if they are one class, fix the file; they are trained as two"));
                }
            }
        }
    }

    /** How two labels differ when they look like one spelt two ways, or null. */
    static String difference(String a, String b) {
        if (CsvEncoder.parse(a) != null && CsvEncoder.parse(b) != null) {
            return null;  // numeric classes (1, 2, 11) differ by a digit by design
        }
        if (normalized(a).equals(normalized(b))) {
            return "case or spacing";
        }
        if (Math.min(a.length(), b.length()) >= MIN_LENGTH_FOR_ONE_LETTER && oneLetterApart(a.toLowerCase(Locale.ROOT),
                b.toLowerCase(Locale.ROOT))) {
            return "one letter";
        }
        return null;
    }

    private static String normalized(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "");
    }

    /** One letter inserted, removed or replaced, where that letter is not a digit (class1 and class2 are two). */
    private static boolean oneLetterApart(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1 || a.equals(b)) {
            return false;
        }
        String shorter = a.length() <= b.length() ? a : b;
        String longer = a.length() <= b.length() ? b : a;
        int i = 0;
        while (i < shorter.length() && shorter.charAt(i) == longer.charAt(i)) {
            i++;
        }
        boolean replaced = shorter.length() == longer.length();
        if (Character.isDigit(longer.charAt(i)) || (replaced && Character.isDigit(shorter.charAt(i)))) {
            return false;
        }
        String rest = replaced ? shorter.substring(i + 1) : shorter.substring(i);
        return rest.equals(longer.substring(i + 1));
    }

    private static String rows(int n) {
        return n + (n == 1 ? " row" : " rows");
    }
}
