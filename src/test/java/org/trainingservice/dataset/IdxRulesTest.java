package org.trainingservice.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The IDX reader's checks, one at a time, and what it makes of a valid pair. */
class IdxRulesTest {

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] header(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    @Test
    void gzippedFilesPixelsLabelsAndBalance() throws IOException {
        byte[] images = IdxReaderTest.images(4, 3, 2);
        images[16] = (byte) 255;
        EncodedDataset d = IdxReader.read(gzip(images), gzip(IdxReaderTest.labels(9, 3, 3, 255)));
        assertThat(d.matrix().features()[0]).isEqualTo(1f);
        assertThat(d.matrix().features()[5]).isEqualTo(5 / 255f);
        assertThat(d.matrix().rows()).isEqualTo(4);
        assertThat(d.matrix().cols()).isEqualTo(6);
        assertThat(d.schema().classes()).containsExactly("3", "9", "255");
        assertThat(d.schema().classBalance()).containsExactly(java.util.Map.entry("3", 2), java.util.Map.entry("9", 1),
                java.util.Map.entry("255", 1));
        assertThat(d.matrix().targets()).containsExactly(1, 0, 0, 2);
        assertThat(d.schema().imageShape()).containsExactly(1, 3, 2);
        assertThat(d.schema().featureNames()).hasSize(6).startsWith("pixel_0").endsWith("pixel_5");
        assertThat(d.schema().format()).isEqualTo("idx");
        assertThat(d.schema().rows()).isEqualTo(4);
    }

    @Test
    void everyHeaderAndSizeProblemIsNamed() throws IOException {
        byte[] labels = IdxReaderTest.labels(0, 1);
        assertThatThrownBy(() -> IdxReader.read(header(0x803, 2, 1), labels)).hasMessageContaining("not an IDX image file");
        assertThatThrownBy(() -> IdxReader.read(IdxReaderTest.images(2, 1, 1), header(0x803, 2)))
                .hasMessageContaining("not an IDX label file");
        assertThatThrownBy(() -> IdxReader.read(IdxReaderTest.images(2, 1, 1), new byte[]{0, 0, 8}))
                .hasMessageContaining("not an IDX label file");
        for (int[] dims : new int[][]{{0, 1, 1}, {2, 0, 1}, {2, 1, 0}, {-1, 1, 1}}) { // over-large sizes: HostileUploadTest
            assertThatThrownBy(() -> IdxReader.read(header(0x803, dims), labels)).as(Arrays.toString(dims))
                    .hasMessageContaining("not a usable size");
        }
        byte[] truncated = Arrays.copyOf(IdxReaderTest.images(2, 2, 2), 16 + 7);
        assertThatThrownBy(() -> IdxReader.read(truncated, labels)).hasMessageContaining("(8 bytes) but 7 bytes follow");
        byte[] longer = Arrays.copyOf(IdxReaderTest.images(2, 2, 2), 16 + 9);
        assertThatThrownBy(() -> IdxReader.read(longer, labels)).hasMessageContaining("(8 bytes) but more bytes follow");
        byte[] shortLabels = Arrays.copyOf(labels, 9);
        assertThatThrownBy(() -> IdxReader.read(IdxReaderTest.images(2, 2, 2), shortLabels))
                .hasMessageContaining("declares 2 labels but 1 bytes follow");
        assertThatThrownBy(() -> IdxReader.read(IdxReaderTest.images(2, 2, 2), IdxReaderTest.labels(4, 4)))
                .hasMessageContaining("all labels are 4");
        byte[] corrupt = Arrays.copyOf(gzip(IdxReaderTest.images(2, 2, 2)), 12);
        assertThatThrownBy(() -> IdxReader.read(corrupt, labels)).hasMessageStartingWith("images: "); // refused, naming the file
        assertThat(IdxReader.read(IdxReaderTest.images(2, 2, 2), labels).matrix().rows()).isEqualTo(2);
    }
}
