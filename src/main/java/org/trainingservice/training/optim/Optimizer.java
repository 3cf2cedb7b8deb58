package org.trainingservice.training.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parameter update rule that owns its state explicitly (DJL's optimizers keep theirs in private fields and most of
 * them do not run on the PyTorch engine), so that the state can be written into a checkpoint and read back.
 *
 * <p>State arrays live in the manager given at construction and are updated in place: a step allocates only
 * temporaries, which are closed before it returns. Parameters in CPU memory take {@link #updateOnHost} instead, one
 * Java loop per parameter over state kept in Java arrays (see {@link HostUpdate}); checkpoints are written in the same
 * format either way, so each form resumes the other.
 */
public abstract class Optimizer {

    private final NDManager manager;
    private final Map<String, NDArray[]> state = new LinkedHashMap<>();
    private final Map<String, HostSlots> hostState = new LinkedHashMap<>();
    private final HostUpdate host = new HostUpdate();
    private boolean hostUpdates = true;
    private boolean lanes = HostUpdate.lanesAvailable();
    private long steps;

    /**
     * The state of one parameter kept in Java arrays, tile by tile ({@code tiles[tile][slot]}, see {@link HostUpdate}),
     * with the parameter's shape for checkpoints.
     */
    private record HostSlots(Shape shape, float[][][] tiles) {
    }

    protected Optimizer(NDManager manager) {
        this.manager = manager;
    }

    /** How many state arrays (moments, accumulators) this rule keeps per parameter. */
    protected abstract int stateSlots();

    /**
     * Updates {@code weight} in place from {@code gradient}. Temporaries must be made in {@code scratch}, which is
     * closed after the step.
     *
     * @param step 1 for the first update
     */
    protected abstract void update(NDArray weight, NDArray gradient, NDArray[] slots, float learningRate, long step,
                                   NDManager scratch);

    /**
     * Updates the first {@code n} elements of {@code weight} in place from {@code gradient}: the same rule as
     * {@link #update}, as one loop over Java arrays. The arrays hold one tile of the parameter, {@code slots} the
     * same tile of each state array.
     */
    protected abstract void updateOnHost(float[] weight, float[] gradient, float[][] slots, int n, float learningRate,
                                         long step);

    /**
     * The same rule as {@link #updateOnHost} reading and writing the engine's buffers in place with the Vector API, to
     * the same bits, or null where this rule has none (it then copies tiles); only called where the API is there.
     */
    protected HostUpdate.InPlaceRule inPlace(float learningRate, long step) {
        return null;
    }

    /** Updates every parameter with engine operations, CPU ones too (tests compare the two forms). */
    final Optimizer onTheEngine() {
        hostUpdates = false;
        return this;
    }

    /**
     * One step over all trainable parameters. Each gradient must live in {@code scratch} (the caller attaches it
     * there), so that every temporary derived from it is freed when the caller closes {@code scratch}.
     */
    public void step(List<TrainableParameter> parameters, float learningRate, NDManager scratch) {
        steps++;
        HostUpdate.InPlaceRule inPlace = lanes ? inPlace(learningRate, steps) : null;
        for (TrainableParameter p : parameters) {
            if (updatesOnHost(p.weight())) {
                HostSlots slots = hostState.computeIfAbsent(p.name(), key -> newHostSlots(key, p.weight()));
                host.apply(p, slots.tiles(), (w, g, tile, n) -> updateOnHost(w, g, tile, n, learningRate, steps),
                        inPlace, steps);
            } else {
                NDArray[] slots = state.computeIfAbsent(p.name(), key -> newSlots(p.weight()));
                update(p.weight(), p.gradient(), slots, learningRate, steps, scratch);
            }
        }
    }

    /** Copies tiles for the Java loops even where the Vector API is there (tests compare the two forms). */
    final Optimizer withoutLanes() {
        lanes = false;
        return this;
    }

    /** Whether {@code weight} takes the Java loop: float32 in CPU memory, unless told to use the engine. */
    boolean updatesOnHost(NDArray weight) {
        return hostUpdates && Device.cpu().equals(weight.getDevice()) && weight.getDataType() == DataType.FLOAT32;
    }

    /** Zeroed state, or the state a checkpoint loaded for {@code name}, moved into Java arrays. */
    private HostSlots newHostSlots(String name, NDArray weight) {
        NDArray[] loaded = state.remove(name);
        float[][][] tiles = HostUpdate.tiles(Math.toIntExact(weight.size()), stateSlots());
        if (loaded != null) {
            for (int slot = 0; slot < loaded.length; slot++) {
                HostUpdate.scatter(loaded[slot].toFloatArray(), tiles, slot);
                loaded[slot].close();
            }
        }
        return new HostSlots(weight.getShape(), tiles);
    }

    /** A copy of {@code array} that lives in {@code scratch}, so that expressions built on it are freed with it. */
    protected static NDArray copy(NDArray array, NDManager scratch) {
        NDArray copy = array.duplicate();
        copy.attach(scratch);
        return copy;
    }

    public long steps() {
        return steps;
    }

    private NDArray[] newSlots(NDArray weight) {
        NDArray[] slots = new NDArray[stateSlots()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
        }
        return slots;
    }

    /** Writes the step count and every state array, so that a resumed run continues exactly. */
    public void saveState(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        out.writeInt(state.size() + hostState.size());
        for (Map.Entry<String, NDArray[]> entry : state.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeInt(entry.getValue().length);
            for (NDArray slot : entry.getValue()) {
                writeArray(out, slot.encode());
            }
        }
        for (Map.Entry<String, HostSlots> entry : hostState.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeInt(stateSlots());
            for (int slot = 0; slot < stateSlots(); slot++) {
                // encoded as an engine array, so that a checkpoint reads back the same on any device
                float[] values = HostUpdate.gather(entry.getValue().tiles(), slot);
                try (NDArray array = manager.create(values, entry.getValue().shape())) {
                    writeArray(out, array.encode());
                }
            }
        }
    }

    private static void writeArray(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public void loadState(byte[] saved) {
        try {
            loadState(new DataInputStream(new java.io.ByteArrayInputStream(saved)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public void loadState(DataInputStream in) throws IOException {
        steps = in.readLong();
        int entries = in.readInt();
        state.values().forEach(slots -> {
            for (NDArray slot : slots) {
                slot.close();
            }
        });
        state.clear();
        hostState.clear();
        for (int i = 0; i < entries; i++) {
            String name = in.readUTF();
            NDArray[] slots = new NDArray[in.readInt()];
            for (int s = 0; s < slots.length; s++) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                slots[s] = manager.decode(bytes);
            }
            state.put(name, slots);
        }
    }
}
