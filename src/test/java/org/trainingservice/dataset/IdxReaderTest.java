package org.trainingservice.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
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
}
