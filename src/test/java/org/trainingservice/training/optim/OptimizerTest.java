package org.trainingservice.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each optimizer's first steps against the textbook formula, computed by hand in doubles. */
class OptimizerTest {

    private static final double[] W0 = {0.5, -1.0, 2.0};
    private static final double[][] GRADIENTS = {{0.1, -0.2, 0.3}, {-0.4, 0.5, 0.05}, {0.2, 0.2, -0.6}};
    private static final float LR = 0.1f;

    /** Runs three steps of {@code optimizer} and returns the weights after each. */
    private static double[][] run(Function<NDManager, Optimizer> factory) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Optimizer optimizer = factory.apply(manager);
            NDArray w = manager.create(toFloats(W0));
            double[][] after = new double[GRADIENTS.length][];
            for (int s = 0; s < GRADIENTS.length; s++) {
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray g = scratch.create(toFloats(GRADIENTS[s]));
                    optimizer.step(List.of(new TrainableParameter("w", w, g)), LR, scratch);
                }
                after[s] = toDoubles(w.toFloatArray());
            }
            return after;
        }
    }

    private interface Rule {
        /** Updates w[i] in place for step t (1-based), with state arrays s1, s2. */
        void apply(double[] w, double[] g, double[] s1, double[] s2, int t);
    }

    private static double[][] reference(Rule rule) {
        double[] w = W0.clone();
        double[] s1 = new double[3];
        double[] s2 = new double[3];
        double[][] after = new double[GRADIENTS.length][];
        for (int t = 1; t <= GRADIENTS.length; t++) {
            rule.apply(w, GRADIENTS[t - 1], s1, s2, t);
            after[t - 1] = w.clone();
        }
        return after;
    }

    /**
     * The rule's host loop (what CPU parameters take) and its engine form (what GPU parameters take, here run on the
     * CPU) both follow the formula, and both leave the gradient they were handed zeroed.
     */
    private static void assertBothForms(Function<NDManager, Optimizer> factory, double[][] expected) {
        assertSame(run(factory), expected);
        assertSame(run(factory.andThen(Optimizer::onTheEngine)), expected);
    }

    private static void assertSame(double[][] actual, double[][] expected) {
        for (int s = 0; s < expected.length; s++) {
            for (int i = 0; i < 3; i++) {
                assertThat(actual[s][i]).as("step %d, element %d", s + 1, i).isCloseTo(expected[s][i], within(1e-5));
            }
        }
    }

    @Test
    void sgd() {
        assertBothForms(Sgd::new, reference((w, g, s1, s2, t) -> {
            for (int i = 0; i < 3; i++) {
                w[i] -= LR * g[i];
            }
        }));
    }

    @Test
    void momentum() {
        assertBothForms(m -> new Momentum(m, 0.9f, false), reference((w, g, v, s2, t) -> {
            for (int i = 0; i < 3; i++) {
                v[i] = 0.9 * v[i] + g[i];
                w[i] -= LR * v[i];
            }
        }));
    }

    @Test
    void nesterov() {
        assertBothForms(m -> new Momentum(m, 0.9f, true), reference((w, g, v, s2, t) -> {
            for (int i = 0; i < 3; i++) {
                v[i] = 0.9 * v[i] + g[i];
                w[i] -= LR * (g[i] + 0.9 * v[i]);
            }
        }));
    }

    @Test
    void adagrad() {
        assertBothForms(m -> new Adagrad(m, 1e-10f), reference((w, g, s, s2, t) -> {
            for (int i = 0; i < 3; i++) {
                s[i] += g[i] * g[i];
                w[i] -= LR * g[i] / (Math.sqrt(s[i]) + 1e-10);
            }
        }));
    }

    @Test
    void adadelta() {
        double rho = 0.95;
        double eps = 1e-6;
        assertBothForms(m -> new Adadelta(m, (float) rho, (float) eps), reference((w, g, s, d, t) -> {
            for (int i = 0; i < 3; i++) {
                s[i] = rho * s[i] + (1 - rho) * g[i] * g[i];
                double dx = Math.sqrt(d[i] + eps) / Math.sqrt(s[i] + eps) * g[i];
                d[i] = rho * d[i] + (1 - rho) * dx * dx;
                w[i] -= LR * dx;
            }
        }));
    }

    @Test
    void rmsprop() {
        assertBothForms(m -> new RmsProp(m, 0.9f, 1e-8f), reference((w, g, s, s2, t) -> {
            for (int i = 0; i < 3; i++) {
                s[i] = 0.9 * s[i] + 0.1 * g[i] * g[i];
                w[i] -= LR * g[i] / (Math.sqrt(s[i]) + 1e-8);
            }
        }));
    }

    @Test
    void adam() {
        assertBothForms(m -> new Adam(m, 0.9f, 0.999f, 1e-8f, 0f), reference(adamRule(0)));
    }

    @Test
    void adamw() {
        assertBothForms(m -> new Adam(m, 0.9f, 0.999f, 1e-8f, 0.01f), reference(adamRule(0.01)));
    }

    @Test
    void cpuParametersTakeTheJavaLoop() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(toFloats(W0));
            assertThat(new Adam(manager, 0.9f, 0.999f, 1e-8f, 0f).updatesOnHost(weight)).isTrue();
            assertThat(new Sgd(manager).onTheEngine().updatesOnHost(weight)).isFalse();
            assertThat(new Sgd(manager).updatesOnHost(weight.toType(DataType.FLOAT64, false)))
                    .as("the loops are written for float32").isFalse();
        }
    }

    @Test
    void hostAndEngineAdamAgreeOnAParameterOfSeveralTilesAcrossACheckpoint() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            // 21,000 elements: two whole tiles of the Java loop and part of a third
            Shape shape = new Shape(3000, 7);
            NDArray onHost = manager.randomNormal(shape);
            NDArray onEngine = onHost.duplicate();
            Adam host = new Adam(manager, 0.9f, 0.999f, 1e-8f, 0.01f);
            Optimizer engine = new Adam(manager, 0.9f, 0.999f, 1e-8f, 0.01f).onTheEngine();
            float[] start = onHost.toFloatArray();
            for (int s = 0; s < 6; s++) {
                if (s == 3) {
                    // the host state goes through a checkpoint into a fresh optimizer halfway
                    ByteArrayOutputStream saved = new ByteArrayOutputStream();
                    host.saveState(new DataOutputStream(saved));
                    host = new Adam(manager, 0.9f, 0.999f, 1e-8f, 0.01f);
                    host.loadState(saved.toByteArray());
                }
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray g1 = scratch.randomNormal(shape);
                    NDArray g2 = g1.duplicate();
                    host.step(List.of(new TrainableParameter("w", onHost, g1)), LR, scratch);
                    engine.step(List.of(new TrainableParameter("w", onEngine, g2)), LR, scratch);
                }
            }
            float[] hostWeights = onHost.toFloatArray();
            float[] engineWeights = onEngine.toFloatArray();
            assertThat(hostWeights).isNotEqualTo(start);
            for (int i = 0; i < hostWeights.length; i++) {
                assertThat(hostWeights[i]).as("element %d", i).isCloseTo(engineWeights[i], within(1e-5f));
            }
        }
    }

    @Test
    void adamInPlaceOnTheEnginesBuffersGivesTheSameBitsAsItsLoopOverCopiedTiles() throws Exception {
        assertThat(HostUpdate.lanesAvailable()).as("the tests' JVM adds --add-modules jdk.incubator.vector").isTrue();
        for (float decay : new float[]{0f, 0.01f}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                // two whole tiles and a third of 4,617 elements: whole vectors and a scalar tail in every tile
                Shape shape = new Shape(2 * HostUpdate.TILE + 4617);
                NDArray inPlace = manager.randomNormal(shape);
                NDArray copied = inPlace.duplicate();
                float[] start = inPlace.toFloatArray();
                Optimizer lanes = new Adam(manager, 0.9f, 0.999f, 1e-8f, decay);
                Optimizer tiles = new Adam(manager, 0.9f, 0.999f, 1e-8f, decay).withoutLanes();
                for (int s = 0; s < 5; s++) {
                    try (NDManager scratch = manager.newSubManager()) {
                        NDArray g1 = scratch.randomNormal(shape);
                        NDArray g2 = g1.duplicate();
                        lanes.step(List.of(new TrainableParameter("w", inPlace, g1)), LR, scratch);
                        tiles.step(List.of(new TrainableParameter("w", copied, g2)), LR, scratch);
                    }
                }
                assertThat(inPlace.toFloatArray()).as("decay %s", decay).isNotEqualTo(start)
                        .containsExactly(copied.toFloatArray());
                assertThat(savedSlot(manager, lanes, 1)).containsExactly(savedSlot(manager, tiles, 1));
            }
        }
    }

    @Test
    void stateSavedByTheHostUpdateResumesOnTheEngine() throws Exception {
        float[][] weights = secondStepFromSavedState(m -> new Adam(m, 0.9f, 0.999f, 1e-8f, 0f).onTheEngine());
        for (int i = 0; i < weights[0].length; i++) {
            assertThat(weights[1][i]).isCloseTo(weights[0][i], within(1e-6f));
        }
    }

    @Test
    void savedStateContinuesExactly() throws Exception {
        float[][] weights = secondStepFromSavedState(m -> new Adam(m, 0.9f, 0.999f, 1e-8f, 0f));
        assertThat(weights[1]).containsExactly(weights[0]);
    }

    @Test
    void aMomentWhoseGradientStaysZeroEndsAtZeroInsteadOfStayingSubnormal() throws Exception {
        List<Function<NDManager, Optimizer>> rules = List.of(m -> new Adam(m, 0.9f, 0.999f, 1e-8f, 0f),
                m -> new Momentum(m, 0.9f, false), m -> new RmsProp(m, 0.9f, 1e-8f));
        for (Function<NDManager, Optimizer> rule : rules) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Optimizer optimizer = rule.apply(manager);
                NDArray w = manager.create(toFloats(W0));
                step(manager, optimizer, w, GRADIENTS[0]);
                // 0.9^1200 takes any moment below the smallest subnormal, where 0.9 times it rounds back to itself
                for (int s = 0; s < 1200; s++) {
                    step(manager, optimizer, w, new double[3]);
                }
                assertThat(savedSlot(manager, optimizer, 0)).as(optimizer.getClass().getSimpleName()).containsOnly(0f);
            }
        }
    }

    @Test
    void theSweepZeroesOnlyValuesTooSmallToMoveAWeight() {
        float[][] tile = {{1e-31f, -1e-31f, Float.MIN_VALUE, -Float.MIN_NORMAL, 0f}, {1e-29f, -2f, 3e-7f}};
        HostUpdate.sweep(tile);
        assertThat(tile[0]).containsOnly(0f);
        assertThat(tile[1]).containsExactly(1e-29f, -2f, 3e-7f);
    }

    @Test
    void eachStepSweepsASixteenthOfTheTilesAndSixteenStepsSweepThemAll() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int n = 32 * HostUpdate.TILE;
            NDArray w = manager.zeros(new Shape(n));
            NDArray g = manager.zeros(new Shape(n));
            float[][][] state = HostUpdate.tiles(n, 1);
            for (float[][] tile : state) {
                java.util.Arrays.fill(tile[0], 1e-31f);
            }
            HostUpdate host = new HostUpdate();
            HostUpdate.Rule untouched = (weight, gradient, slots, length) -> { };
            host.apply(new TrainableParameter("w", w, g), state, untouched, null, 1);
            assertThat(java.util.Arrays.stream(state).filter(tile -> tile[0][0] == 0f).count()).isEqualTo(2);
            for (long step = 2; step <= HostUpdate.SWEEP_EVERY; step++) {
                host.apply(new TrainableParameter("w", w, g), state, untouched, null, step);
            }
            for (float[][] tile : state) {
                assertThat(tile[0]).containsOnly(0f);
            }
        }
    }

    /** Slot {@code slot} of the one parameter's state, as the optimizer writes it into a checkpoint. */
    private static float[] savedSlot(NDManager manager, Optimizer optimizer, int slot) throws Exception {
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        optimizer.saveState(new DataOutputStream(saved));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved.toByteArray()));
        in.readLong();
        assertThat(in.readInt()).isEqualTo(1);
        in.readUTF();
        int slots = in.readInt();
        for (int s = 0; s < slots; s++) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            if (s == slot) {
                try (NDArray array = manager.decode(bytes)) {
                    return array.toFloatArray();
                }
            }
        }
        throw new AssertionError("no slot " + slot);
    }

    /**
     * The weights after a second step of an Adam ([0]), and after the same step of {@code restored} ([1]) loaded with
     * the state the Adam saved after its first step.
     */
    private static float[][] secondStepFromSavedState(Function<NDManager, Optimizer> restoredFactory) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Adam original = new Adam(manager, 0.9f, 0.999f, 1e-8f, 0f);
            NDArray w1 = manager.create(toFloats(W0));
            step(manager, original, w1, GRADIENTS[0]);
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            original.saveState(new DataOutputStream(saved));
            Optimizer restored = restoredFactory.apply(manager);
            restored.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
            NDArray w2 = w1.duplicate();
            step(manager, original, w1, GRADIENTS[1]);
            step(manager, restored, w2, GRADIENTS[1]);
            assertThat(restored.steps()).isEqualTo(2);
            return new float[][]{w1.toFloatArray(), w2.toFloatArray()};
        }
    }

    private static Rule adamRule(double decay) {
        return (w, g, m, v, t) -> {
            for (int i = 0; i < 3; i++) {
                w[i] -= LR * decay * w[i];
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                // Kingma and Ba's efficient form: the bias corrections folded into the step size
                double rate = LR * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                w[i] -= rate * m[i] / (Math.sqrt(v[i]) + 1e-8);
            }
        };
    }

    private static void step(NDManager manager, Optimizer optimizer, NDArray w, double[] gradient) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray g = scratch.create(toFloats(gradient));
            optimizer.step(List.of(new TrainableParameter("w", w, g)), LR, scratch);
        }
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
