package org.trainingservice.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Numbers written with a decimal comma ({@code 5,1}), as spreadsheets in many locales save them. In a file separated
 * by ';' a column whose every value is such a number (or an integer, or missing) is read as numbers; the schema lists
 * those columns, so that loading the file again for a job, and predictions given as text, read them the same way.
 */
final class DecimalCommas {

    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d+,\\d+");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private DecimalCommas() {
    }

    /** The columns to read with a decimal comma: none unless the file is ';'-separated. */
    static List<String> columns(CsvTable table) {
        List<String> columns = new ArrayList<>();
        if (table.delimiter() != ';') {
            return columns;
        }
        for (int c = 0; c < table.header().size(); c++) {
            boolean comma = false;
            boolean all = true;
            for (String[] row : table.rows()) {
                String v = row[c].trim();
                if (CsvEncoder.isMissing(v)) {
                    continue;
                }
                if (DECIMAL_COMMA.matcher(v).matches()) {
                    comma = true;
                } else if (!INTEGER.matcher(v).matches()) {
                    all = false;
                    break;
                }
            }
            if (comma && all) {
                columns.add(table.header().get(c));
            }
        }
        return columns;
    }

    /** The table with the given columns' decimal commas made points. */
    static CsvTable convert(CsvTable table, List<String> columns) {
        if (columns == null || columns.isEmpty()) {
            return table;
        }
        int[] indices = columns.stream().mapToInt(table.header()::indexOf).filter(i -> i >= 0).toArray();
        List<String[]> rows = new ArrayList<>(table.rows().size());
        for (String[] row : table.rows()) {
            String[] copy = row.clone();
            for (int c : indices) {
                copy[c] = toPoint(copy[c]);
            }
            rows.add(copy);
        }
        return new CsvTable(table.header(), rows, table.delimiter());
    }

    /** {@code 5,1} as {@code 5.1}; anything else as it is. */
    static String toPoint(String value) {
        return value != null && DECIMAL_COMMA.matcher(value.trim()).matches() ? value.trim().replace(',', '.') : value;
    }

    static boolean looksLikeOne(String value) {
        return value != null && DECIMAL_COMMA.matcher(value.trim()).matches();
    }
}
