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
 * {@link FitProgress} (null when the next sub-run starts from scratch). Encoded as one binary blob; version 2 adds each
 * fit's metric history, and version 1 blobs (written before) still decode, with empty histories.
 */
public record Checkpoint(List<CompletedSubRun> completed, int subRun, FitProgress progress) {

    private static final int MAGIC_V1 = 0x434B5031; // "CKP1"
    private static final int MAGIC = 0x434B5032; // "CKP2"

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
                writeHistory(out, c.history());
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
                writeHistory(out, progress.history());
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
            int magic = in.readInt();
            if (magic != MAGIC && magic != MAGIC_V1) {
                throw new IOException("not a checkpoint");
            }
            boolean histories = magic == MAGIC;
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
                        in.readBoolean(), in.readLong(), histories ? readHistory(in) : MetricHistory.EMPTY));
            }
            int subRun = in.readInt();
            FitProgress progress = null;
            if (in.readBoolean()) {
                progress = new FitProgress(in.readInt(), in.readInt(), in.readLong(), in.readDouble(), in.readInt(),
                        in.readInt(), readBytes(in), readBytes(in), readBytes(in),
                        histories ? readHistory(in) : MetricHistory.EMPTY);
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

    /** The metric names once, then per epoch its number and one value per name (NaN where an epoch lacks it). */
    private static void writeHistory(DataOutputStream out, MetricHistory history) throws IOException {
        List<String> names = history.epochs().stream().flatMap(e -> e.metrics().keySet().stream()).distinct().toList();
        out.writeInt(names.size());
        for (String name : names) {
            out.writeUTF(name);
        }
        out.writeInt(history.size());
        for (MetricHistory.Epoch e : history.epochs()) {
            out.writeInt(e.epoch());
            for (String name : names) {
                out.writeDouble(e.metrics().getOrDefault(name, Double.NaN));
            }
        }
    }

    private static MetricHistory readHistory(DataInputStream in) throws IOException {
        String[] names = new String[in.readInt()];
        for (int i = 0; i < names.length; i++) {
            names[i] = in.readUTF();
        }
        int epochs = in.readInt();
        List<MetricHistory.Epoch> list = new ArrayList<>(epochs);
        for (int e = 0; e < epochs; e++) {
            int epoch = in.readInt();
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (String name : names) {
                double v = in.readDouble();
                if (!Double.isNaN(v)) {
                    metrics.put(name, v);
                }
            }
            list.add(new MetricHistory.Epoch(epoch, metrics));
        }
        return new MetricHistory(list);
    }
}
