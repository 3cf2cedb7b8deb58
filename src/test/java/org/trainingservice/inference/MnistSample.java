package org.trainingservice.inference;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.trainingservice.support.SharedDatasets;

/** The first {@code n} images of the shared MNIST test set: as IDX files to upload, and as prediction instances. */
record MnistSample(int n, byte[] images, byte[] labels) {

    private static final int PIXELS = 28 * 28;

    static MnistSample first(int n) {
        return new MnistSample(n, gunzip("mnist-t10k/t10k-images-idx3-ubyte.gz"), gunzip("mnist-t10k/t10k-labels-idx1-ubyte.gz"));
    }

    byte[] imageFile() {
        return ByteBuffer.allocate(16 + n * PIXELS).putInt(0x803).putInt(n).putInt(28).putInt(28)
                .put(images, 16, n * PIXELS).array();
    }

    byte[] labelFile() {
        return ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n).put(labels, 8, n).array();
    }

    /** Each image as the endpoint takes it: its 784 pixel values 0-255, row by row. */
    List<String> instances() {
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder pixels = new StringBuilder("[");
            for (int p = 0; p < PIXELS; p++) {
                pixels.append(p == 0 ? "" : ",").append(images[16 + i * PIXELS + p] & 0xff);
            }
            instances.add(pixels.append(']').toString());
        }
        return instances;
    }

    int[] digits() {
        int[] digits = new int[n];
        for (int i = 0; i < n; i++) {
            digits[i] = labels[8 + i];
        }
        return digits;
    }

    int[] countPerDigit() {
        int[] counts = new int[10];
        for (int d : digits()) {
            counts[d]++;
        }
        return counts;
    }

    private static byte[] gunzip(String shared) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(SharedDatasets.read(shared)))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
