package org.trainingservice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real table the auto-search section uploads: a CSV with a header and a label column. scikit-learn ships its small
 * tables (breast_cancer.csv, wine_data.csv, iris.csv under sklearn/datasets/data) with a count header instead
 * ("569,30,malignant,benign": rows, features, class names) and the class index as the last column; such a file is
 * rewritten into the bench's own folder with columns {@code x1..xN,label} and the class names as labels, so nothing
 * of it has to be converted, or kept, by hand.
 *
 * @param name     the file's name without .csv, as the section reports it
 * @param csv      the CSV to upload (the converted copy for a scikit-learn file)
 * @param target   the label column
 * @param rows     data rows
 * @param features input columns
 * @param classes  distinct labels
 */
record BenchTable(String name, Path csv, String target, int rows, int features, int classes) {

    private static final Pattern COUNT_HEADER = Pattern.compile("\\d+,\\d+(,[^,]+)+");

    /**
     * The tables of {@code -Dbench.autosearch.tables=<csv>[:<label column>][,...]}, plus iris.csv from
     * {@code -Dbench.datasets} where it is there (and {@code -Dbench.autosearch.iris} is not false).
     */
    static List<BenchTable> fromProperties(Path dir) throws IOException {
        List<BenchTable> tables = new ArrayList<>();
        for (String entry : System.getProperty("bench.autosearch.tables", "").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            Path csv = Path.of(colon > 0 ? entry.substring(0, colon) : entry).toAbsolutePath();
            if (!Files.exists(csv)) {
                System.out.println("autosearch: no " + csv + ", left out");
                continue;
            }
            tables.add(prepare(csv, dir, colon > 0 ? entry.substring(colon + 1) : "label"));
        }
        Path iris = Path.of(System.getProperty("bench.datasets", "../shared/datasets"), "iris.csv");
        if (Files.exists(iris) && Boolean.parseBoolean(System.getProperty("bench.autosearch.iris", "true"))) {
            tables.add(prepare(iris, dir, "species"));
        }
        return tables;
    }

    /** Reads {@code given}; a scikit-learn file is converted into {@code dir}. {@code target}: the label column. */
    static BenchTable prepare(Path given, Path dir, String target) throws IOException {
        List<String> lines = Files.readAllLines(given, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        String name = given.getFileName().toString().replaceFirst("\\.csv$", "");
        if (COUNT_HEADER.matcher(lines.get(0).trim()).matches()) {
            return convert(name, lines, dir);
        }
        List<String> header = List.of(lines.get(0).trim().split(","));
        int label = header.indexOf(target);
        if (label < 0) {
            throw new IllegalArgumentException(given + " has no column '" + target + "' (columns " + header
                    + "); name the label column with -Dbench.autosearch.target=<column>");
        }
        long classes = lines.stream().skip(1).map(l -> l.split(",")[label].trim()).distinct().count();
        return new BenchTable(name, given, target, lines.size() - 1, header.size() - 1, (int) classes);
    }

    private static BenchTable convert(String name, List<String> lines, Path dir) throws IOException {
        String[] counts = lines.get(0).trim().split(",");
        int rows = Integer.parseInt(counts[0]);
        int features = Integer.parseInt(counts[1]);
        List<String> classNames = List.of(counts).subList(2, counts.length);
        if (lines.size() - 1 != rows) {
            throw new IllegalArgumentException(name + ": the header announces " + rows + " rows, the file has "
                    + (lines.size() - 1));
        }
        List<String> out = new ArrayList<>(rows + 1);
        StringBuilder header = new StringBuilder();
        for (int f = 1; f <= features; f++) {
            header.append('x').append(f).append(',');
        }
        out.add(header.append("label").toString());
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.trim().split(",");
            if (cells.length != features + 1) {
                throw new IllegalArgumentException(name + ": a row with " + cells.length + " cells, not "
                        + (features + 1) + ": " + line);
            }
            String label = classNames.get((int) Double.parseDouble(cells[features]));
            out.add(String.join(",", List.of(cells).subList(0, features)) + "," + label);
        }
        Files.createDirectories(dir);
        Path csv = dir.resolve(name + ".csv");
        Files.write(csv, out, StandardCharsets.UTF_8);
        return new BenchTable(name, csv, "label", rows, features, classNames.size());
    }

    String describe() {
        return name + ", " + rows + " rows, " + features + " features, " + classes + " classes";
    }
}
