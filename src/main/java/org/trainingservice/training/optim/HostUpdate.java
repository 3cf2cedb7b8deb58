package org.trainingservice.training.optim;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Runs an element-wise update rule on a CPU parameter as Java loops. Engine operations make one pass over the
 * parameter per arithmetic operation, most with a temporary as large as the parameter (Adam's fused update makes about
 * a dozen); this copies weight and gradient out tile by tile, updates each tile in a loop the JIT vectorizes, and
 * copies the weight back, which made Adam's update of the benchmark MLP (535,818 parameters) about three times faster.
 * Tiles small enough to stay in the core's cache between copy-out, update and copy-back leave one pass through memory
 * over each array (Adam's update of that MLP went from 0.50 to 0.40 ms, plain SGD's from 0.31 to 0.17 ms, against
 * whole-parameter copies). The state is kept in the same tiles so that the rule indexes all its arrays alike: a loop
 * that indexed the state at an offset ran three times slower (the JIT did not vectorize it). The engine's buffers are
 * read and written in place through the direct buffers PyTorch hands out for contiguous CPU tensors (DJL's parameters
 * and their gradients always are).
 */
final class HostUpdate {

    /** Floats per tile: the weight and gradient tiles (32 KB each) and the state tiles fit a core's L2. */
    static final int TILE = 8192;

    /** The rule for one tile: updates {@code weight[0..n)} in place from {@code gradient[0..n)} and state tiles. */
    interface Rule {
        void apply(float[] weight, float[] gradient, float[][] state, int n);
    }

    /**
     * State values smaller than this are set to zero by the sweep in {@link #apply}: far below anything that moves a
     * weight (Adam's {@code m / (sqrt(v) + eps)}, a momentum of 1e-30 times the learning rate), far above the
     * subnormal range (below 1.2e-38).
     */
    static final float TINY = 1e-30f;

    /**
     * Each step sweeps every {@code SWEEP_EVERY}-th tile of the state, so each tile is swept once per that many steps:
     * a state value that decays by a factor of 0.32 or more a step (every default does) cannot fall from
     * {@link #TINY} into the subnormal range in between, and a step pays for a sixteenth of a pass.
     */
    static final int SWEEP_EVERY = 16;

    /**
     * The same rule for one tile read and written in place in the engine's buffers: {@code weight} and
     * {@code gradient} hold the whole parameter, the tile being its floats {@code [offset, offset+n)}.
     */
    interface InPlaceRule {
        void apply(ByteBuffer weight, ByteBuffer gradient, int offset, float[][] state, int n);
    }

    /**
     * Whether this JVM has the Vector API (training processes and the tests add {@code jdk.incubator.vector}; any other
     * JVM copies tiles instead, with the same results).
     */
    static boolean lanesAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private final float[] weights = new float[TILE];
    private final float[] gradients = new float[TILE];

    /**
     * Updates {@code p}'s weight by {@code rule} with state {@code state[tile][slot]}. One thread: the update is bound by
     * memory traffic, and splitting it across both cores of the benchmark machine made it no faster (once 2x slower).
     */
    void apply(TrainableParameter p, float[][][] state, Rule rule, InPlaceRule inPlace, long step) {
        int n = Math.toIntExact(p.weight().size());
        ByteBuffer weightBytes = p.weight().toByteBuffer(true);
        ByteBuffer gradientBytes = p.gradient().toByteBuffer(true);
        FloatBuffer weight = weightBytes.asFloatBuffer();
        FloatBuffer gradient = gradientBytes.asFloatBuffer();
        for (int tile = 0, offset = 0; offset < n; tile++, offset += TILE) {
            int length = Math.min(TILE, n - offset);
            if (inPlace != null) {
                inPlace.apply(weightBytes, gradientBytes, offset, state[tile], length);
            } else {
                weight.get(offset, weights, 0, length);
                gradient.get(offset, gradients, 0, length);
                rule.apply(weights, gradients, state[tile], length);
                weight.put(offset, weights, 0, length);
            }
            if ((tile + step) % SWEEP_EVERY == 0) {
                sweep(state[tile]);
            }
        }
    }

    /**
     * Sets the tiny values of a tile's state to zero. Arithmetic on a subnormal float takes a microcode assist on
     * Intel processors, about 30 times slower than on a normal one, and Java has no flush-to-zero mode. A moment of a
     * weight whose gradient stays zero (a ReLU unit that never fires for the batch) decays by its factor each step into
     * the subnormal range and stays there (0.9 times the smallest subnormal rounds back to it), so without the sweep
     * every later step paid the assist for it: at batch 1 Adam's update took four fifths of the step.
     */
    static void sweep(float[][] tile) {
        for (float[] values : tile) {
            for (int i = 0; i < values.length; i++) {
                if (Math.abs(values[i]) < TINY) {
                    values[i] = 0f;
                }
            }
        }
    }

    /** Zeroed state for a parameter of {@code n} elements: {@code slots} arrays per tile. */
    static float[][][] tiles(int n, int slots) {
        float[][][] tiles = new float[(n + TILE - 1) / TILE][slots][];
        for (int tile = 0; tile < tiles.length; tile++) {
            for (int slot = 0; slot < slots; slot++) {
                tiles[tile][slot] = new float[Math.min(TILE, n - tile * TILE)];
            }
        }
        return tiles;
    }

    /** Copies a whole state array into its tiles. */
    static void scatter(float[] values, float[][][] tiles, int slot) {
        for (int tile = 0; tile < tiles.length; tile++) {
            float[] part = tiles[tile][slot];
            System.arraycopy(values, tile * TILE, part, 0, part.length);
        }
    }

    /** One state array, put together from its tiles. */
    static float[] gather(float[][][] tiles, int slot) {
        int n = 0;
        for (float[][] tile : tiles) {
            n += tile[slot].length;
        }
        float[] values = new float[n];
        for (int tile = 0; tile < tiles.length; tile++) {
            float[] part = tiles[tile][slot];
            System.arraycopy(part, 0, values, tile * TILE, part.length);
        }
        return values;
    }
}
