package org.trainingservice.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UploadWarningsTest {

    private static final String SEMICOLONS = """
            sepal_length;sepal_width;species
            5,1;3,5;setosa
            4,9;3;setosa
            7;3,2;versicolor
            6,4;3,2;versicolor
            """;

    private static DatasetSchema upload(String csv, String target) {
        CsvTable read = CsvReader.read(csv.getBytes(StandardCharsets.UTF_8));
        List<String> decimalComma = DecimalCommas.columns(read);
        DatasetSchema schema = CsvEncoder.encode(DecimalCommas.convert(read, decimalComma), target, null, Set.of())
                .schema().withDecimalComma(decimalComma);
        return schema.withWarnings(UploadWarnings.of(read, schema));
    }

    private static ColumnSummary column(DatasetSchema schema, String name) {
        return schema.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void decimalCommasInASemicolonFileAreReadAsNumbersAndSaidSo() {
        DatasetSchema schema = upload(SEMICOLONS, "species");
        assertThat(column(schema, "sepal_length").type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(column(schema, "sepal_length").min()).isEqualTo(4.9);
        assertThat(column(schema, "sepal_width").max()).isEqualTo(3.5);
        assertThat(schema.features()).isEqualTo(2);
        assertThat(schema.decimalComma()).containsExactly("sepal_length", "sepal_width");
        // (two rows a class: each is also a rare class)
        assertThat(schema.warnings()).filteredOn(w -> w.kind() == DatasetWarning.Kind.DECIMAL_COMMA)
                .extracting(DatasetWarning::column).containsExactly("sepal_length", "sepal_width");
        assertThat(schema.warnings().get(0).message()).contains("5,1").contains("read as numbers");
        // the control: read as the file spells it, every value is text of its own, and no feature is left
        assertThatThrownBy(() -> CsvEncoder.encode(CsvReader.read(SEMICOLONS.getBytes(StandardCharsets.UTF_8)),
                "species", null, Set.of())).hasMessageContaining("sepal_length (4 distinct values in 4 rows");
        // loading the stored file for a job reads it the same way
        DatasetMatrix loaded = CsvEncoder.apply(DecimalCommas.convert(
                CsvReader.read(SEMICOLONS.getBytes(StandardCharsets.UTF_8)), schema.decimalComma()), schema);
        assertThat(loaded.features()).startsWith(5.1f, 3.5f, 4.9f, 3f);
        // and a prediction given as the file wrote it
        assertThat(new RowEncoder(schema).encode(java.util.Map.of("sepal_length", "6,7", "sepal_width", "3")))
                .containsExactly(6.7f, 3f);
    }

    @Test
    void decimalCommasElsewhereAreLeftAsTextWithAWarning() {
        DatasetSchema schema = upload("""
                length,width,kind
                "5,1",1,a
                "4,9",2,a
                "7,0",3,b
                "6,4",4,b
                "5,5",5,a
                "6,1",6,b
                "5,1",7,a
                "4,9",8,a
                "7,0",9,b
                "6,4",10,b
                """, "kind");
        assertThat(schema.decimalComma()).isNull();
        assertThat(schema.warnings()).singleElement().satisfies(w -> {
            assertThat(w.column()).isEqualTo("length");
            assertThat(w.kind()).isEqualTo(DatasetWarning.Kind.DECIMAL_COMMA);
            assertThat(w.message()).contains("read as text").contains("';'");
        });
        // a column with some text is not numbers with commas: no conversion, even with ';'
        DatasetSchema mixed = upload("x;z;y\n1,5;1;a\nabc;2;b\n2,5;3;a\nxyz;4;b\n", "y");
        assertThat(mixed.decimalComma()).isNull();
    }

    @Test
    void rareClassesAndLabelsSpeltTwoWaysAreNamed() {
        StringBuilder csv = new StringBuilder("x,species\n");
        for (int i = 0; i < 10; i++) {
            csv.append(i).append(",setosa\n").append(i).append(",virginica\n");
        }
        csv.append("1,virginca\n2,Setosa\n");
        DatasetSchema schema = upload(csv.toString(), "species");
        assertThat(schema.warnings()).filteredOn(w -> w.kind() == DatasetWarning.Kind.RARE_CLASS)
                .extracting(DatasetWarning::message)
                .satisfiesExactlyInAnyOrder(m -> assertThat(m).contains("'virginca' has only 1 row"),
                        m -> assertThat(m).contains("'Setosa' has only 1 row"));
        assertThat(schema.warnings()).filteredOn(w -> w.kind() == DatasetWarning.Kind.SIMILAR_LABELS)
                .extracting(DatasetWarning::message)
                .satisfiesExactlyInAnyOrder(
                        m -> assertThat(m).contains("'Setosa' (1 row)").contains("'setosa' (10 rows)").contains("case or spacing"),
                        m -> assertThat(m).contains("'virginca' (1 row)").contains("'virginica' (10 rows)").contains("one letter"));
        assertThat(schema.warnings()).allSatisfy(w -> assertThat(w.column()).isEqualTo("species"));
        // the control: well-spelt classes of ten rows each draw no warning
        StringBuilder clean = new StringBuilder("x,species\n");
        for (int i = 0; i < 10; i++) {
            clean.append(i).append(",setosa\n").append(i).append(",virginica\n");
        }
        assertThat(upload(clean.toString(), "species").warnings()).isNull();
    }

    @Test
    void onlyLookalikeLabelsCount() {
        assertThat(UploadWarnings.difference("Setosa", "setosa")).isEqualTo("case or spacing");
        assertThat(UploadWarnings.difference("iris setosa", "iris_setosa")).isEqualTo("case or spacing");
        assertThat(UploadWarnings.difference("virginca", "virginica")).isEqualTo("one letter");
        assertThat(UploadWarnings.difference("virginica", "virgimica")).isEqualTo("one letter");
        assertThat(UploadWarnings.difference("class1", "class2")).isNull();
        assertThat(UploadWarnings.difference("cat", "car")).isNull();
        assertThat(UploadWarnings.difference("1", "11")).isNull();
        assertThat(UploadWarnings.difference("setosa", "versicolor")).isNull();
        assertThat(UploadWarnings.difference("yellow", "mellow")).isEqualTo("one letter");
    }
}
