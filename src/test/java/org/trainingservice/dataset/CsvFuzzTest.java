package org.trainingservice.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.trainingservice.common.InvalidRequestException;

/** Thousands of malformed and extreme CSV files: each becomes a dataset or a clear 4xx error, never anything else. */
class CsvFuzzTest {

    @Provide
    Arbitrary<String> csvs() {
        Arbitrary<String> cell = Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789.-eE").ofMaxLength(6),
                Arbitraries.of("", "NA", "null", "NaN", "?", "Infinity", "1e309", "-0", "\"", "\"\"", "a\"b", "x,y", "\uFEFF"),
                Arbitraries.strings().alpha().ofMaxLength(5),
                Arbitraries.strings().all().ofMaxLength(4));
        Arbitrary<String> separator = Arbitraries.of(",", ";", "\t", ",,", "\n", "\r\n", "\"");
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60),
                cell.list().ofMaxSize(40).flatMap(cells -> separator.list().ofSize(cells.size()).map(seps -> {
                    StringBuilder b = new StringBuilder("a,b,y\n");
                    for (int i = 0; i < cells.size(); i++) {
                        b.append(cells.get(i)).append(seps.get(i));
                    }
                    return b.toString();
                })));
    }

    @Property(tries = 3000)
    void everyFileIsADatasetOrAClearError(@ForAll("csvs") String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        try {
            EncodedDataset d = CsvEncoder.encode(CsvReader.read(bytes), "y", null, Set.of());
            assertThat(d.matrix().features()).hasSize(d.matrix().rows() * d.matrix().cols());
            assertThat(d.matrix().rows()).isEqualTo(d.schema().rows()).isPositive();
            assertThat(d.matrix().cols()).isEqualTo(d.schema().featureNames().size()).isPositive();
        } catch (InvalidRequestException expected) {
            assertThat(expected.problems()).isNotEmpty();
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 500)
    void randomBytesNeverBreakTheReader(@ForAll byte[] bytes) {
        try {
            CsvEncoder.encode(CsvReader.read(bytes), "y", null, Set.of());
        } catch (InvalidRequestException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
