package org.trainingservice.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.Task;

class CsvEncoderTest {

    private static EncodedDataset encode(String csv, String target) {
        return CsvEncoder.encode(CsvReader.read(csv.getBytes(StandardCharsets.UTF_8)), target, null, Set.of());
    }

    private static ColumnSummary column(EncodedDataset d, String name) {
        return d.schema().columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void semicolonsQuotesAndBomAreUnderstood() {
        String csv = "\uFEFFsize;\"colour; shade\";label\r\n1.5;\"red; dark\";a\r\n2.5;blue;b\r\n3;\"say \"\"hi\"\"\";a\r\n4;blue;b\r\n"
                + "5;blue;a\r\n6;blue;b\r\n";
        EncodedDataset d = encode(csv, "label");
        assertThat(d.schema().delimiter()).isEqualTo(";");
        assertThat(d.schema().rows()).isEqualTo(6);
        assertThat(column(d, "colour; shade").categories()).containsExactly("blue", "red; dark", "say \"hi\"");
        assertThat(d.schema().featureNames()).containsExactly("size", "colour; shade=blue", "colour; shade=red; dark",
                "colour; shade=say \"hi\"");
        assertThat(d.matrix().features()).startsWith(1.5f, 0, 1, 0, 2.5f, 1, 0, 0, 3f, 0, 0, 1, 4f, 1, 0, 0);
        assertThat(d.schema().classes()).containsExactly("a", "b");
    }

    @Test
    void tabsAreDetected() {
        EncodedDataset d = encode("x\ty\n1\t0\n2\t1\n3\t0\n4\t1\n", "y");
        assertThat(d.schema().delimiter()).isEqualTo("\t");
        assertThat(d.schema().task()).isEqualTo(Task.CLASSIFICATION);
    }

    @Test
    void missingValuesAreCountedAndCategoriesImputedWithTheMostFrequent() {
        String csv = "x,city,y\n1,paris,0\nNA,,1\n3,paris,0\n,rome,1\n5,null,0\n6,paris,1\n";
        EncodedDataset d = encode(csv, "y");
        assertThat(column(d, "x").missing()).isEqualTo(2);
        assertThat(column(d, "x").imputedWith()).contains("median");
        assertThat(column(d, "city").missing()).isEqualTo(2);
        assertThat(column(d, "city").imputedWith()).isEqualTo("paris");
        float[] x = d.matrix().features();
        // row 2: x missing (NaN for the trainer's median), city missing -> paris
        assertThat(Float.isNaN(x[3])).isTrue();
        assertThat(new float[]{x[4], x[5]}).containsExactly(1, 0);
    }

    @Test
    void rowsWithoutTargetAreDroppedAndCounted() {
        EncodedDataset d = encode("x,y\n1,a\n2,\n3,b\n4,NA\n5,a\n6,b\n", "y");
        assertThat(d.schema().rows()).isEqualTo(4);
        assertThat(d.schema().droppedRows()).isEqualTo(2);
        assertThat(d.schema().classBalance()).containsEntry("a", 2).containsEntry("b", 2);
    }

    @Test
    void datesAndIdsAreLeftOutWithAReason() {
        StringBuilder csv = new StringBuilder("id,day,note,x,y\n");
        for (int i = 0; i < 20; i++) {
            csv.append("u").append(1000 + i).append(",2024-03-").append(String.format("%02d", i + 1))
                    .append(",comment number ").append(i).append(',').append(i).append(',').append(i % 2).append('\n');
        }
        EncodedDataset d = encode(csv.toString(), "y");
        assertThat(d.schema().featureNames()).containsExactly("x");
        assertThat(column(d, "day").role()).isEqualTo(ColumnRole.LEFT_OUT);
        assertThat(column(d, "day").reason()).contains("dates");
        assertThat(column(d, "id").reason()).contains("id or free text");
        assertThat(d.schema().leftOut()).extracting(ColumnSummary::name).containsExactly("id", "day", "note");
    }

    @Test
    void numericTargetWithManyValuesIsRegressionAndIntegersWithFewAreClasses() {
        assertThat(encode("x,y\n1,10.5\n2,20.25\n3,30\n4,41\n", "y").schema().task()).isEqualTo(Task.REGRESSION);
        EncodedDataset classes = encode("x,y\n1,3\n2,1\n3,3\n4,1.0\n", "y");
        assertThat(classes.schema().task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(classes.schema().classes()).containsExactly("1", "3");
    }

    @Test
    void aNumericColumnWithStrayTextNamesTheRowAndColumn() {
        StringBuilder csv = new StringBuilder("price,y\n");
        for (int i = 0; i < 10; i++) {
            csv.append(i == 6 ? "12,5 EUR" : String.valueOf(i)).append(",").append(i % 2).append('\n');
        }
        assertThatThrownBy(() -> encode(csv.toString().replace("12,5 EUR", "\"12,5 EUR\""), "y"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("price").hasMessageContaining("row 7").hasMessageContaining("12,5 EUR");
    }

    @Test
    void raggedRowsNameTheRow() {
        assertThatThrownBy(() -> encode("a,b,y\n1,2,0\n3,1\n4,5,1\n", "y"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("row 2").hasMessageContaining("2 fields").hasMessageContaining("3");
    }

    @Test
    void aMissingTargetColumnListsTheColumns() {
        assertThatThrownBy(() -> encode("a,b\n1,2\n", "label"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("'label' does not exist").hasMessageContaining("[a, b]");
    }

    @Test
    void emptyAndBinaryFilesAreRefused() {
        assertThatThrownBy(() -> CsvReader.read(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> CsvReader.read("a,b\n".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("no data rows");
        assertThatThrownBy(() -> CsvReader.read(new byte[]{0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2}))
                .hasMessageContaining("binary file");
    }

    @Test
    void theSchemaEncodesNewRowsTheSameWay() {
        EncodedDataset d = encode("x,city,y\n1,paris,0\n2,rome,1\n3,paris,0\n4,rome,1\n", "y");
        RowEncoder encoder = new RowEncoder(d.schema());
        assertThat(encoder.encode(java.util.Map.of("x", "7", "city", "rome"))).containsExactly(7, 0, 1);
        assertThat(encoder.encode(java.util.Map.of("x", "7", "city", "oslo"))).containsExactly(7, 0, 0);
    }
}
