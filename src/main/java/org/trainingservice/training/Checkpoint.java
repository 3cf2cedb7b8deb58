package org.trainingservice.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole job's state at a batch boundary: the sub-runs already finished, and the one in progress with its
 * {@link FitProgress} (null when the next sub-run starts from scratch). Encoded as one binary blob.
 */
public record Checkpoint(List<CompletedSubRun> completed, int subRun, FitProgress progress) {

    private static final int MAGIC = 0x434B5031; // "CKP1"

    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(completed.size());
            for (CompletedSubRun c : completed) {
                out.writeInt(c.index());
                writeBytes(out, c.parameters());
                out.writeInt(c.outputs().size());
                for (Map.Entry<String, float[]> e : c.outputs().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    for (float v : e.getValue()) {
                        out.writeFloat(v);
                    }
                }
                writeMetrics(out, c.validation());
                out.writeInt(c.bestEpoch());
                out.writeInt(c.epochsRun());
                out.writeBoolean(c.stoppedEarly());
                out.writeLong(c.steps());
            }
            out.writeInt(subRun);
            out.writeBoolean(progress != null);
            if (progress != null) {
                out.writeInt(progress.completedEpochs());
                out.writeInt(progress.batchesDone());
                out.writeLong(progress.step());
                out.writeDouble(progress.best());
                out.writeInt(progress.bestEpoch());
                out.writeInt(progress.sinceBest());
                writeBytes(out, progress.bestParameters());
                writeBytes(out, progress.parameters());
                writeBytes(out, progress.optimizerState());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Checkpoint decode(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            if (in.readInt() != MAGIC) {
                throw new IOException("not a checkpoint");
            }
            int count = in.readInt();
            List<CompletedSubRun> completed = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = in.readInt();
                byte[] parameters = readBytes(in);
                int outputCount = in.readInt();
                Map<String, float[]> outputs = new LinkedHashMap<>();
                for (int o = 0; o < outputCount; o++) {
                    String name = in.readUTF();
                    float[] values = new float[in.readInt()];
                    for (int v = 0; v < values.length; v++) {
                        values[v] = in.readFloat();
                    }
                    outputs.put(name, values);
                }
                Map<String, Double> validation = readMetrics(in);
                completed.add(new CompletedSubRun(index, parameters, outputs, validation, in.readInt(), in.readInt(),
                        in.readBoolean(), in.readLong()));
            }
            int subRun = in.readInt();
            FitProgress progress = null;
            if (in.readBoolean()) {
                progress = new FitProgress(in.readInt(), in.readInt(), in.readLong(), in.readDouble(), in.readInt(),
                        in.readInt(), readBytes(in), readBytes(in), readBytes(in));
            }
            return new Checkpoint(completed, subRun, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("the checkpoint cannot be read: " + e.getMessage(), e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return bytes;
    }

    private static void writeMetrics(DataOutputStream out, Map<String, Double> metrics) throws IOException {
        out.writeInt(metrics == null ? -1 : metrics.size());
        if (metrics != null) {
            for (Map.Entry<String, Double> e : metrics.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(e.getValue());
            }
        }
    }

    private static Map<String, Double> readMetrics(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            metrics.put(in.readUTF(), in.readDouble());
        }
        return metrics;
    }
}
