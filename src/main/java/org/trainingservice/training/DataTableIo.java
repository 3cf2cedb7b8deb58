package org.trainingservice.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A compact binary file format for {@link DataTable}, used to hand data to the training process. */
public final class DataTableIo {

    private static final int MAGIC = 0x44544231; // "DTB1"

    private DataTableIo() {
    }

    public static void write(DataTable table, Path file) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(table.rows());
            out.writeInt(table.cols());
            out.writeDouble(table.noiseVariance());
            writeStrings(out, table.classNames());
            writeStrings(out, table.featureNames());
            out.writeInt(table.imageShape().length);
            for (int d : table.imageShape()) {
                out.writeInt(d);
            }
            writeFloats(out, table.features());
            writeFloats(out, table.targets());
        }
    }

    public static DataTable read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a data table file: " + file);
            }
            int rows = in.readInt();
            int cols = in.readInt();
            double noise = in.readDouble();
            List<String> classes = readStrings(in);
            List<String> features = readStrings(in);
            int[] shape = new int[in.readInt()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = in.readInt();
            }
            float[] x = readFloats(in, rows * cols);
            float[] y = readFloats(in, rows);
            return new DataTable(x, rows, cols, y, classes, features, shape, noise);
        }
    }

    private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readUTF());
        }
        return List.copyOf(values);
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
        buffer.asFloatBuffer().put(values);
        out.write(buffer.array());
    }

    private static float[] readFloats(DataInputStream in, int n) throws IOException {
        byte[] bytes = new byte[n * Float.BYTES];
        in.readFully(bytes);
        float[] values = new float[n];
        ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
