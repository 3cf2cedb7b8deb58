package org.trainingservice.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class IdxReaderTest {

    static byte[] images(int n, int h, int w) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * h * w);
        b.putInt(0x803).putInt(n).putInt(h).putInt(w);
        for (int i = 0; i < n * h * w; i++) {
            b.put((byte) (i % 256));
        }
        return b.array();
    }

    static byte[] labels(int... values) {
        ByteBuffer b = ByteBuffer.allocate(8 + values.length);
        b.putInt(0x801).putInt(values.length);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    @Test
    void readsRawIdxScalesPixelsAndKeepsTheShape() {
        EncodedDataset d = IdxReader.read(images(3, 2, 2), labels(7, 2, 7));
        assertThat(d.matrix().imageShape()).containsExactly(1, 2, 2);
        assertThat(d.matrix().features()[1]).isEqualTo(1 / 255f);
        assertThat(d.schema().classes()).containsExactly("2", "7");
        assertThat(d.matrix().targets()).containsExactly(1, 0, 1);
    }

    @Test
    void differentCountsOfImagesAndLabelsAreRefused() {
        assertThatThrownBy(() -> IdxReader.read(images(3, 2, 2), labels(1, 2)))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("3 images but 2 labels");
    }

    @Test
    void aFileThatIsNotIdxIsRefused() {
        assertThatThrownBy(() -> IdxReader.read("hello world, not idx".getBytes(), labels(1, 2)))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("not an IDX image file");
    }

    private static final UploadLimits LIMITS = new UploadLimits(1 << 20, 100, 1000);

    @Test
    void aHeaderDeclaringMoreThanTheLimitIsRefusedBeforeAnyPixelIsRead() {
        ZerosAfter images = new ZerosAfter(ByteBuffer.allocate(16).putInt(0x803).putInt(2_500_000).putInt(28).putInt(28).array());
        assertThatThrownBy(() -> IdxReader.read(images, new ByteArrayInputStream(labels(1, 2)), LIMITS))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("2500000 images of 28x28 pixels (1960000016 bytes)")
                .hasMessageContaining("training.limits.max-inflated-upload=1MB");
        assertThat(images.read).isEqualTo(16);
    }

    @Test
    void moreDataThanTheHeaderDeclaresIsRefusedAfterOneByteMore() {
        // an endless stream: reading it whole would never end
        ZerosAfter images = new ZerosAfter(ByteBuffer.allocate(16).putInt(0x803).putInt(2).putInt(2).putInt(2).array());
        assertThatThrownBy(() -> IdxReader.read(images, new ByteArrayInputStream(labels(1, 2)), LIMITS))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("8 bytes) but more bytes follow");
        assertThat(images.read).isEqualTo(16 + 8 + 1);
        ZerosAfter labels = new ZerosAfter(ByteBuffer.allocate(8).putInt(0x801).putInt(3).array());
        assertThatThrownBy(() -> IdxReader.read(new ByteArrayInputStream(images(3, 2, 2)), labels, LIMITS))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("3 labels but more bytes follow");
        assertThat(labels.read).isEqualTo(8 + 3 + 1);
    }

    @Test
    void theLimitIsTheInflatedSizeHeaderIncluded() {
        // 1 MB exactly: 16 header bytes and 1048560 pixels in 65535 images of 4x4; one image more is refused
        int[] twoClasses = new int[65535];
        twoClasses[0] = 1;
        EncodedDataset fits = IdxReader.read(GzipOfZeros.of(header(65535, 4, 4), 65535L * 16), labels(twoClasses), LIMITS);
        assertThat(fits.matrix().rows()).isEqualTo(65535);
        assertThatThrownBy(() -> IdxReader.read(GzipOfZeros.of(header(65536, 4, 4), 65536L * 16), labels(new int[65536]), LIMITS))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("(1048592 bytes), more than the 1048576");
    }

    @Test
    void aTruncatedFileSaysHowMuchIsThere() {
        byte[] truncated = java.util.Arrays.copyOf(images(3, 2, 2), 16 + 10);
        assertThatThrownBy(() -> IdxReader.read(truncated, labels(1, 2, 1), LIMITS))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("but 10 bytes follow");
    }

    @Test
    void gzipOfZerosInflatesToExactlyWhatItSays() throws IOException {
        byte[] header = header(5, 1000, 1000);
        byte[] gzip = GzipOfZeros.of(header, 5_000_123L);
        assertThat(gzip.length).isLessThan(10_000);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) { // checks the CRC and the size
            byte[] inflated = in.readAllBytes();
            assertThat(inflated).hasSize(16 + 5_000_123);
            assertThat(java.util.Arrays.copyOf(inflated, 16)).isEqualTo(header);
            assertThat(inflated[16 + 5_000_122]).isZero();
        }
    }

    static byte[] header(int n, int h, int w) {
        return ByteBuffer.allocate(16).putInt(0x803).putInt(n).putInt(h).putInt(w).array();
    }

    /** A header, then zeros without end; counts what was read. */
    private static final class ZerosAfter extends InputStream {

        private final byte[] header;
        long read;

        ZerosAfter(byte[] header) {
            this.header = header;
        }

        @Override
        public int read() {
            return read < header.length ? header[(int) read++] & 0xFF : zero();
        }

        private int zero() {
            read++;
            return 0;
        }
    }
}
