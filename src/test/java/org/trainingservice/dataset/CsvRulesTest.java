package org.trainingservice.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.Task;

/** The CSV encoder's and reader's rules at their limits: categories, classes, numbers, dates, missing values. */
class CsvRulesTest {

    private static EncodedDataset encode(String csv, String target, String task, Set<String> ignore) {
        return CsvEncoder.encode(CsvReader.read(csv.getBytes(StandardCharsets.UTF_8)), target, task, ignore);
    }

    private static EncodedDataset encode(String csv) {
        return encode(csv, "y", null, Set.of());
    }

    private static ColumnSummary column(EncodedDataset d, String name) {
        return d.schema().columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** A CSV of {@code rows} rows: x = 1..rows, text column {@code c} from {@code text}, y alternating a/b. */
    private static String table(int rows, IntFunction<String> text) {
        StringBuilder csv = new StringBuilder("x,c,y\n");
        for (int r = 0; r < rows; r++) {
            csv.append(r + 1).append(',').append(text.apply(r)).append(',').append(r % 2 == 0 ? "a" : "b").append('\n');
        }
        return csv.toString();
    }

    @Test
    void aTextColumnIsCategoricalUpToHalfAsManyValuesAsRowsAndFiftyValues() {
        assertThat(column(encode(table(20, r -> "v" + r % 10)), "c").role()).isEqualTo(ColumnRole.FEATURE);
        ColumnSummary tooMany = column(encode(table(20, r -> "v" + r % 11)), "c");
        assertThat(tooMany.role()).isEqualTo(ColumnRole.LEFT_OUT);
        assertThat(tooMany.reason()).isEqualTo("11 distinct values in 20 rows: looks like an id or free text, not a category");
        assertThat(tooMany.distinct()).isEqualTo(11);
        assertThat(column(encode(table(120, r -> "v" + r % 50)), "c").categories()).hasSize(50);
        assertThat(column(encode(table(120, r -> "v" + r % 51)), "c").role()).isEqualTo(ColumnRole.LEFT_OUT);
        // tiny tables may still have two categories
        assertThat(column(encode(table(3, r -> r == 0 ? "p" : "q")), "c").categories()).containsExactly("p", "q");
    }

    @Test
    void aMostlyNumericColumnWithSomeTextIsAnErrorFromFourFifthsOn() {
        assertThatThrownBy(() -> encode(table(10, r -> r < 8 ? Integer.toString(r) : "t" + r)))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("column 'c' is numeric but row 9 holds 't8'");
        // 7 of 10 numbers: a text column (here with too many values to be categories)
        assertThat(column(encode(table(10, r -> r < 7 ? Integer.toString(r) : "t" + r)), "c").role()).isEqualTo(ColumnRole.LEFT_OUT);
    }

    @Test
    void datesFromFourFifthsOfTheValuesAreLeftOut() {
        String[] dates = {"2024-01-05", "2024-1-6", "2024-02-07T10:00", "5/1/24", "06/01/2024 10:00", "7.1.2024",
                "2024-03-01 08:00", "12/31/99"};
        ColumnSummary mostlyDates = column(encode(table(10, r -> r < 8 ? dates[r] : "x" + r)), "c");
        assertThat(mostlyDates.role()).isEqualTo(ColumnRole.LEFT_OUT);
        assertThat(mostlyDates.reason()).startsWith("looks like dates");
        ColumnSummary notDates = column(encode(table(10, r -> r < 7 ? dates[r] : "x" + r)), "c");
        assertThat(notDates.reason()).contains("distinct values");
    }

    @Test
    void integerTargetsWithUpToTwentyValuesAreClassesAndOthersRegression() {
        assertThat(encode(twoColumns(40, Integer::toString)).schema().task()).isEqualTo(Task.REGRESSION);
        String twenty = twoColumns(40, r -> Integer.toString(r % 20));
        assertThat(encode(twenty).schema().task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(encode(twenty).schema().classes()).hasSize(20).startsWith("0", "1", "2").endsWith("19");
        assertThat(encode(twoColumns(42, r -> Integer.toString(r % 21))).schema().task()).isEqualTo(Task.REGRESSION);
        assertThat(encode(twoColumns(10, r -> r % 2 == 0 ? "1.5" : "2")).schema().task()).isEqualTo(Task.REGRESSION);
        assertThat(encode(twoColumns(10, r -> r % 2 == 0 ? "1.5" : "2"), "y", "classification", Set.of()).schema().classes())
                .containsExactly("1.5", "2");
    }

    /** x = row number, y from {@code target}. */
    private static String twoColumns(int rows, IntFunction<String> target) {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int r = 0; r < rows; r++) {
            csv.append(r).append(',').append(target.apply(r)).append('\n');
        }
        return csv.toString();
    }

    @Test
    void numericClassesSortByValueAndOneAndOnePointZeroAreOneClass() {
        EncodedDataset d = encode(twoColumns(6, r -> new String[]{"10", "9", "2", "2.0", "9", "10.0"}[r]));
        assertThat(d.schema().classes()).containsExactly("2", "9", "10");
        assertThat(d.schema().classBalance()).containsExactly(Map.entry("2", 2), Map.entry("9", 2), Map.entry("10", 2));
        assertThat(d.matrix().targets()).containsExactly(2, 1, 0, 0, 1, 2);
        assertThat(CsvEncoder.canonicalClass(" 3.0 ")).isEqualTo("3");
        assertThat(CsvEncoder.canonicalClass("3.5")).isEqualTo("3.5");
        assertThat(CsvEncoder.canonicalClass("1e20")).isEqualTo("1e20");
        assertThat(CsvEncoder.canonicalClass("cat ")).isEqualTo("cat");
    }

    @Test
    void classLimits() {
        assertThat(encode(twoColumns(200, r -> "c" + r % 100)).schema().classes()).hasSize(100);
        assertThatThrownBy(() -> encode(twoColumns(202, r -> "c" + r % 101)))
                .hasMessageContaining("101 distinct values: too many classes (at most 100)");
        assertThatThrownBy(() -> encode(twoColumns(5, r -> "same"))).hasMessageContaining("has a single class");
        assertThatThrownBy(() -> encode(twoColumns(5, r -> r == 2 ? "x" : "1.5"), "y", "regression", Set.of()))
                .hasMessageContaining("regression needs a numeric target, but row 3 of 'y' is 'x'");
    }

    @Test
    void numericSummariesAndTheDroppedRowsNote() {
        EncodedDataset d = encode("x,y\n1,0.5\n4,\n-2,1.5\n7,2.5\n", "y", null, Set.of());
        ColumnSummary x = column(d, "x");
        assertThat(new double[]{x.min(), x.max(), x.mean()}).containsExactly(-2, 7, 2);
        ColumnSummary y = column(d, "y");
        assertThat(y.role()).isEqualTo(ColumnRole.TARGET);
        assertThat(new double[]{y.min(), y.max(), y.mean()}).containsExactly(new double[]{0.5, 2.5, 1.5}, within(1e-12));
        assertThat(y.missing()).isEqualTo(1);
        assertThat(y.reason()).isEqualTo("1 row(s) without a target were dropped");
        assertThat(d.matrix().targets()).containsExactly(0.5f, 1.5f, 2.5f);
        assertThat(d.schema().task()).isEqualTo(Task.REGRESSION);
        assertThat(column(encode("x,y\n1,0.5\n4,1\n-2,1.5\n", "y", null, Set.of()), "y").reason()).isNull();
        assertThat(column(encode("x,y\n1,0.5\n4,1\n-2,1.5\n", "y", null, Set.of()), "x").imputedWith()).isNull();
    }

    @Test
    void theMostFrequentCategoryImputesAndTiesGoToTheFirstInOrder() {
        EncodedDataset d = encode("x,c,y\n1,b,0\n2,a,1\n3,b,0\n4,a,1\n5,,0\n6,c,1\n7,b,0\n8,a,1\n");
        assertThat(column(d, "c").imputedWith()).isEqualTo("a");
        assertThat(column(d, "c").categories()).containsExactly("a", "b", "c");
        assertThat(d.matrix().features()).containsExactly(1, 0, 1, 0, 2, 1, 0, 0, 3, 0, 1, 0, 4, 1, 0, 0, 5, 1, 0, 0,
                6, 0, 0, 1, 7, 0, 1, 0, 8, 1, 0, 0);
        assertThat(column(encode("x,c,y\n1,b,0\n2,a,1\n3,b,0\n4,b,1\n"), "c").imputedWith()).isEqualTo("b");
    }

    @Test
    void whatCountsAsMissingAndAsANumber() {
        for (String missing : new String[]{"", " NA ", "n/a", "NaN", "null", "None", "?", "N/A"}) {
            assertThat(CsvEncoder.isMissing(missing)).as("'%s'", missing).isTrue();
        }
        assertThat(CsvEncoder.isMissing(null)).isTrue();
        assertThat(CsvEncoder.isMissing("0")).isFalse();
        assertThat(CsvEncoder.isMissing("nothing")).isFalse();
        assertThat(CsvEncoder.parse(" 3. ")).isEqualTo(3.0);
        assertThat(CsvEncoder.parse("-0")).isEqualTo(-0.0);
        assertThat(CsvEncoder.parse("1e3")).isEqualTo(1000.0);
        for (String text : new String[]{"Infinity", "-Infinity", "1f", "2d", "0x10", "1e", "abc", " ", "1.2.3"}) {
            assertThat(CsvEncoder.parse(text)).as("'%s'", text).isNull();
        }
        ColumnSummary allMissing = column(encode("x,c,y\n1,NA,0\n2,,1\n3,?,0\n"), "c");
        assertThat(allMissing.role()).isEqualTo(ColumnRole.LEFT_OUT);
        assertThat(allMissing.reason()).isEqualTo("every value is missing");
        assertThat(allMissing.missing()).isEqualTo(3);
    }

    @Test
    void requestMistakesNameTheField() {
        String csv = "x,z,y\n1,2,a\n2,3,b\n";
        assertThatThrownBy(() -> encode(csv, null, null, Set.of())).hasMessageContaining("name the label column");
        assertThatThrownBy(() -> encode(csv, " ", null, Set.of())).hasMessageContaining("name the label column");
        assertThatThrownBy(() -> encode(csv, "label", null, Set.of())).hasMessageContaining("target column 'label' does not exist");
        assertThatThrownBy(() -> encode(csv, "y", null, Set.of("w"))).hasMessageContaining("column 'w' in 'ignore' does not exist");
        assertThatThrownBy(() -> encode(csv, "y", null, Set.of("y"))).hasMessageContaining("cannot be ignored");
        assertThatThrownBy(() -> encode(csv, "y", "clustering", Set.of())).hasMessageContaining("task must be classification or regression");
        assertThatThrownBy(() -> encode("x,y\n1,NA\n2,\n", "y", null, Set.of())).hasMessageContaining("every row's target 'y' is missing");
        EncodedDataset ignored = encode(csv, "y", null, Set.of("z"));
        assertThat(column(ignored, "z").role()).isEqualTo(ColumnRole.IGNORED);
        assertThat(ignored.schema().featureNames()).containsExactly("x");
        assertThat(encode(csv, "y", "classification", Set.of()).schema().task()).isEqualTo(Task.CLASSIFICATION);
        assertThatThrownBy(() -> encode("id,y\nq1,a\nq2,b\nq3,a\n", "y", null, Set.of()))
                .hasMessageContaining("no usable feature column remains").hasMessageContaining("id (");
    }

    @Test
    void newRowsEncodeWithTheUploadsSchemaAndNameTheirRow() {
        EncodedDataset d = encode("x,c,y\n1,red,a\n2,blue,b\n3,red,a\n4,blue,b\n");
        CsvTable later = CsvReader.read("x,c,y\n5,green,a\n6,,b\n".getBytes(StandardCharsets.UTF_8));
        DatasetMatrix m = CsvEncoder.apply(later, d.schema());
        // an unknown category is all zeros; a missing one takes the most frequent (a tie: the first, blue)
        assertThat(m.features()).containsExactly(5, 0, 0, 6, 1, 0);
        assertThat(m.targets()).containsExactly(0, 1);
        CsvTable wrong = CsvReader.read("x,c,y\n5,red,a\nmany,red,b\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CsvEncoder.apply(wrong, d.schema()))
                .hasMessageContaining("row 2: column 'x' is numeric but holds 'many'");
        assertThat(new RowEncoder(d.schema()).encode(Map.of("x", "NA", "c", "red"))[0]).isNaN();
    }

    @Test
    void headerAndRowProblemsNameWhere() {
        assertThatThrownBy(() -> read("a,,c\n1,2,3\n")).hasMessageContaining("empty name in column 2");
        assertThatThrownBy(() -> read("a,b,a\n1,2,3\n")).hasMessageContaining("names column 'a' twice");
        assertThatThrownBy(() -> read("a\tb\n1\t2\n3\n")).hasMessageContaining("row 2 has 1 fields but the header has 2 (delimiter '\\t')");
        assertThatThrownBy(() -> read("a,b\n1,\"2\n")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> read("a,b\n")).hasMessageContaining("a header but no data rows");
        assertThatThrownBy(() -> read("a,b\n\n   \n")).hasMessageContaining("a header but no data rows");
        assertThatThrownBy(() -> read("  \n ")).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> CsvReader.read(new byte[]{'a', ',', 'b', '\n', (byte) 0xC3, '\n'}))
                .hasMessageContaining("not valid UTF-8");
        // only the first 8 KiB are searched for the NUL bytes of a binary file
        byte[] late = ("x,y\n" + "1,2\n".repeat(2100) + "3,\u0000\n").getBytes(StandardCharsets.UTF_8);
        assertThat(CsvReader.read(late).rows()).hasSize(2101);
        assertThatThrownBy(() -> CsvReader.read(new byte[]{'a', 0, 'b'})).hasMessageContaining("binary file");
    }

    @Test
    void fieldsQuotesAndLineEnds() {
        CsvTable t = read("a;b;c\r\n 1 ; \" two \" ;3\r\n\r\n4;\"x\"\"y\";\"multi\nline\"\n");
        assertThat(t.delimiter()).isEqualTo(';');
        assertThat(t.header()).containsExactly("a", "b", "c");
        assertThat(t.rows()).hasSize(2);
        assertThat(t.rows().get(0)).containsExactly("1", " two ", "3");
        assertThat(t.rows().get(1)).containsExactly("4", "x\"y", "multi\nline");
        // the delimiter is the one that splits every line alike: decimal commas do not fool it
        assertThat(read("a;b\n1,5;2\n3,5;4\n").delimiter()).isEqualTo(';');
        assertThat(read("a,b;c\n1,2;3\n4,5;6\n").delimiter()).as("equally consistent: more header fields wins").isEqualTo(',');
        assertThat(read("a\n1\n2\n").header()).containsExactly("a");
        assertThat(read("\"a,b\",c\n1,2").rows().get(0)).containsExactly("1", "2");
    }

    private static CsvTable read(String csv) {
        return CsvReader.read(csv.getBytes(StandardCharsets.UTF_8));
    }
}
