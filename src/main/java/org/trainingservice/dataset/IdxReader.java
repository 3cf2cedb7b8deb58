package org.trainingservice.dataset;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.trainingservice.training.spec.Task;

/**
 * Reads IDX files (the MNIST format), gzip-compressed or raw: unsigned-byte images of shape n x h x w and n labels.
 * Pixels are scaled to [0, 1]; the image shape is kept as {@code [1, h, w]} so that a CNN can use it.
 */
public final class IdxReader {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    private static final int IMAGES_HEADER = 16;
    private static final int LABELS_HEADER = 8;

    private IdxReader() {
    }

    /** A stored dataset: it met the limits when it was uploaded. */
    public static EncodedDataset read(byte[] imageFile, byte[] labelFile) {
        return read(imageFile, labelFile, UploadLimits.NONE);
    }

    /**
     * Reads the two files as streams, inflating gzip as it goes: the headers' declared sizes are checked against
     * {@code limits} before any data is read, and no more than the declared bytes (plus one, to see that nothing
     * follows) are ever inflated. A small gzip that declares or holds gigabytes is refused without them.
     */
    public static EncodedDataset read(byte[] imageFile, byte[] labelFile, UploadLimits limits) {
        try (InputStream images = open(imageFile, "images"); InputStream labels = open(labelFile, "labels")) {
            return read(images, labels, limits);
        } catch (IOException e) {
            throw new DatasetFormatException("images", "the file could not be read: " + e.getMessage());
        }
    }

    /** The two files' bytes as they come (inflated already, where they were gzip). */
    static EncodedDataset read(InputStream imageFile, InputStream labelFile, UploadLimits limits) {
        DataInputStream imageStream = new DataInputStream(imageFile);
        DataInputStream labelStream = new DataInputStream(labelFile);
        int[] header = header(imageStream, "images", IMAGES_MAGIC, 4,
                "not an IDX image file (magic 0x00000803: unsigned bytes, 3 dimensions)");
        int labelCount = header(labelStream, "labels", LABELS_MAGIC, 2,
                "not an IDX label file (magic 0x00000801: unsigned bytes, 1 dimension)")[1];
        int n = header[1];
        int h = header[2];
        int w = header[3];
        long declared = (long) n * h * w;
        if (n <= 0 || h <= 0 || w <= 0 || declared > Integer.MAX_VALUE - IMAGES_HEADER) {
            throw new DatasetFormatException("images", "the header declares " + n + " images of " + h + "x" + w
                    + " pixels: not a usable size");
        }
        if (IMAGES_HEADER + declared > limits.maxInflatedBytes()) {
            throw new DatasetFormatException("images", "the header declares " + n + " images of " + h + "x" + w
                    + " pixels (" + (IMAGES_HEADER + declared) + " bytes), more than the " + limits.maxInflatedBytes()
                    + " bytes an upload may hold once inflated (" + limits.inflatedSetting() + ")");
        }
        if (labelCount != n) {
            throw new DatasetFormatException("labels", "there are " + n + " images but " + labelCount
                    + " labels; upload the label file that belongs to these images");
        }
        byte[] pixels = body(imageStream, "images", declared, "the header declares " + n + " images of " + h + "x" + w
                + " pixels (" + declared + " bytes)");
        byte[] rawLabels = body(labelStream, "labels", n, "the header declares " + n + " labels");
        int size = h * w;
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (pixels[i] & 0xFF) / 255f;
        }
        int[] raw = new int[n];
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            raw[i] = rawLabels[i] & 0xFF;
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
        DatasetSchema schema = DatasetSchema.images(n, featureNames, classes, balance, List.of(1, h, w));
        return new EncodedDataset(schema, new DatasetMatrix(x, n, size, y, classes, List.copyOf(featureNames),
                new int[]{1, h, w}, Double.NaN));
    }

    private static InputStream open(byte[] bytes, String part) {
        InputStream in = new ByteArrayInputStream(bytes);
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1f && (bytes[1] & 0xFF) == 0x8b) {
            try {
                in = new GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                throw new DatasetFormatException(part, "the gzip file is corrupt: " + e.getMessage());
            }
        }
        return in;
    }

    /** The magic number and the {@code ints - 1} sizes that follow it, or a refusal saying what the file is not. */
    private static int[] header(DataInputStream in, String part, int magic, int ints, String notIdx) {
        int[] header = new int[ints];
        try {
            for (int i = 0; i < ints; i++) {
                header[i] = in.readInt();
            }
        } catch (EOFException e) {
            throw new DatasetFormatException(part, notIdx);
        } catch (IOException e) {
            throw new DatasetFormatException(part, "the gzip file is corrupt: " + e.getMessage());
        }
        if (header[0] != magic) {
            throw new DatasetFormatException(part, notIdx);
        }
        return header;
    }

    /** Exactly the declared bytes, read as they come (memory follows what the file holds, not what it claims). */
    private static byte[] body(InputStream in, String part, long declared, String declaration) {
        try {
            byte[] bytes = in.readNBytes((int) declared);
            if (bytes.length < declared) {
                throw new DatasetFormatException(part, declaration + " but " + bytes.length
                        + " bytes follow; the file is truncated or corrupt");
            }
            if (in.read() != -1) {
                throw new DatasetFormatException(part, declaration + " but more bytes follow; the file is corrupt, "
                        + "or its header does not belong to its data");
            }
            return bytes;
        } catch (IOException e) {
            throw new DatasetFormatException(part, "the gzip file is corrupt: " + e.getMessage());
        }
    }
}
