package org.trainingservice.dataset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format), gzip-compressed or raw: unsigned-byte images of shape n x h x w and n labels.
 * Pixels are scaled to [0, 1]; the image shape is kept as {@code [1, h, w]} so that a CNN can use it.
 */
public final class IdxReader {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    private static final long MAX_VALUES = 400_000_000L;

    private IdxReader() {
    }

    public static EncodedDataset read(byte[] imageFile, byte[] labelFile) {
        ByteBuffer images = ByteBuffer.wrap(inflate(imageFile, "images"));
        ByteBuffer labels = ByteBuffer.wrap(inflate(labelFile, "labels"));
        if (images.remaining() < 16 || images.getInt() != IMAGES_MAGIC) {
            throw new DatasetFormatException("images", "not an IDX image file (magic 0x00000803: unsigned bytes, 3 dimensions)");
        }
        if (labels.remaining() < 8 || labels.getInt() != LABELS_MAGIC) {
            throw new DatasetFormatException("labels", "not an IDX label file (magic 0x00000801: unsigned bytes, 1 dimension)");
        }
        int n = images.getInt();
        int h = images.getInt();
        int w = images.getInt();
        int labelCount = labels.getInt();
        if (n <= 0 || h <= 0 || w <= 0 || (long) n * h * w > MAX_VALUES) {
            throw new DatasetFormatException("images", "the header declares " + n + " images of " + h + "x" + w
                    + " pixels: not a usable size");
        }
        if (labelCount != n) {
            throw new DatasetFormatException("labels", "there are " + n + " images but " + labelCount
                    + " labels; upload the label file that belongs to these images");
        }
        if (images.remaining() != (long) n * h * w) {
            throw new DatasetFormatException("images", "the header declares " + n + " images of " + h + "x" + w
                    + " pixels (" + (long) n * h * w + " bytes) but " + images.remaining() + " bytes follow; the file is truncated or corrupt");
        }
        if (labels.remaining() != n) {
            throw new DatasetFormatException("labels", "the header declares " + n + " labels but " + labels.remaining()
                    + " bytes follow; the file is truncated or corrupt");
        }
        int size = h * w;
        float[] x = new float[n * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = (images.get() & 0xFF) / 255f;
        }
        int[] raw = new int[n];
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            raw[i] = labels.get() & 0xFF;
            distinct.add(raw[i]);
        }
        if (distinct.size() < 2) {
            throw new DatasetFormatException("labels", "all labels are " + distinct.first() + "; classification needs at least two classes");
        }
        List<Integer> order = new ArrayList<>(distinct);
        float[] y = new float[n];
        Map<String, Integer> balance = new LinkedHashMap<>();
        order.forEach(label -> balance.put(Integer.toString(label), 0));
        for (int i = 0; i < n; i++) {
            y[i] = order.indexOf(raw[i]);
            balance.merge(Integer.toString(raw[i]), 1, Integer::sum);
        }
        List<String> classes = order.stream().map(String::valueOf).toList();
        List<String> featureNames = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            featureNames.add("pixel_" + i);
        }
        DatasetSchema schema = new DatasetSchema("idx", "classification", "label", n, 0, null, size,
                List.copyOf(featureNames), null, classes, balance, List.of(1, h, w), List.of());
        return new EncodedDataset(schema, new DatasetMatrix(x, n, size, y, classes, List.copyOf(featureNames),
                new int[]{1, h, w}, Double.NaN));
    }

    private static byte[] inflate(byte[] bytes, String part) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1f && (bytes[1] & 0xFF) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new DatasetFormatException(part, "the gzip file is corrupt: " + e.getMessage());
            }
        }
        return bytes;
    }
}
