package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.Activation;
import org.trainingservice.training.spec.ModelSpec;
import org.trainingservice.training.spec.Task;

/** Options of the spec that reach the model, the loss and the optimizer, each shown against a control. */
class TrainingOptionsTest {

    private static final DataTable MOONS = TestData.builtin("moons", 200, 0.2, null, 1);
    private static final DataTable SINE = TestData.builtin("sine", 200, 0.1, null, 2);

    private static TrainingOutcome train(String json, DataTable data, Task task, List<EpochReport> reports) {
        return TestData.train(json, data, task, reports);
    }

    private static TrainingOutcome moons(String json) {
        return train(json, MOONS, Task.CLASSIFICATION, new ArrayList<>());
    }

    @ParameterizedTest
    @CsvSource({"SIGMOID", "LEAKY_RELU", "GELU", "TANH", "RELU"})
    void eachActivationIsTheHiddenLayersNonLinearity(Activation activation) {
        DoubleUnaryOperator formula = switch (activation) {
            case SIGMOID -> h -> 1 / (1 + Math.exp(-h));
            case LEAKY_RELU -> h -> h > 0 ? h : 0.01 * h;
            // PyTorch's exact GELU, h * Phi(h); the tanh form is within 1e-3 of it
            case GELU -> h -> 0.5 * h * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (h + 0.044715 * h * h * h)));
            case TANH -> Math::tanh;
            case RELU -> h -> Math.max(0, h);
        };
        ModelSpec spec = new ModelSpec(null, List.of(6), activation, null, null, null).withDefaults();
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = ModelFactory.build(spec, 2, 2, new int[0]);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            List<Block> layers = block.getChildren().values();
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.create(new float[]{-3f, 2f, 0.5f, -0.25f, 4f, 1f}, new Shape(3, 2));
            float[] linear = layers.get(0).forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            NDArray hidden = layers.get(1).forward(store, new NDList(manager.create(linear, new Shape(3, 6))), false)
                    .singletonOrThrow();
            float[] activated = hidden.toFloatArray();
            boolean negativeSeen = false;
            for (int i = 0; i < linear.length; i++) {
                negativeSeen |= linear[i] < 0;
                assertThat((double) activated[i]).as("unit %d at %s", i, linear[i])
                        .isCloseTo(formula.applyAsDouble(linear[i]), within(1e-3));
            }
            assertThat(negativeSeen).as("the inputs reach the negative side, where activations differ most").isTrue();
        }
    }

    @Tag("slow")
    @ParameterizedTest
    @ValueSource(strings = {"sigmoid", "leaky_relu", "gelu"})
    void aModelWithEachActivationLearnsMoons(String activation) {
        TrainingOutcome outcome = moons("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [16, 16], "activation": "%s"},
                 "optimizer": {"learningRate": 0.02}, "training": {"epochs": 25, "batchSize": 16}}""".formatted(activation));
        assertThat(outcome.result().metrics().get("test").get("accuracy")).isGreaterThanOrEqualTo(0.8);
        assertThat(outcome.model().spec().model().activation().name()).isEqualToIgnoringCase(activation);
    }

    @Test
    void maeAndHuberAreTheLossesTrainedAndReported() {
        String base = """
                {"dataset": {"builtin": "sine"}, "model": {"hidden": [16], "activation": "tanh"}, "loss": "%s",
                 "training": {"epochs": 8, "batchSize": 16}}""";
        TrainingResult mse = train(base.formatted("mse"), SINE, Task.REGRESSION, new ArrayList<>()).result();
        TrainingResult mae = train(base.formatted("mae"), SINE, Task.REGRESSION, new ArrayList<>()).result();
        TrainingResult huber = train(base.formatted("huber"), SINE, Task.REGRESSION, new ArrayList<>()).result();
        assertThat(mse.metrics().get("test").get("loss")).isCloseTo(Math.pow(mse.metrics().get("test").get("rmse"), 2), within(1e-6));
        assertThat(mae.metrics().get("test").get("loss")).isCloseTo(mae.metrics().get("test").get("mae"), within(1e-9));
        // every error of this fit is below Huber's delta of 1: the loss is half the squared error
        assertThat(huber.metrics().get("test").get("loss"))
                .isCloseTo(0.5 * Math.pow(huber.metrics().get("test").get("rmse"), 2), within(1e-6));
        // each loss drives its own gradients: the three fits differ
        assertThat(mae.metrics().get("test").get("rmse")).isNotEqualTo(mse.metrics().get("test").get("rmse"));
        assertThat(huber.metrics().get("test").get("rmse")).isNotEqualTo(mse.metrics().get("test").get("rmse"));
    }

    @Test
    void binaryCrossEntropyIsTheLossTrainedAndReported() {
        String base = """
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [16]}, "loss": "%s", "training": {"epochs": 15, "batchSize": 16}}""";
        TrainingOutcome bce = moons(base.formatted("binary_cross_entropy"));
        TrainingOutcome ce = moons(base.formatted("cross_entropy"));
        assertThat(bce.result().metrics().get("test").get("accuracy")).isGreaterThanOrEqualTo(0.8);
        SplitIndices split = Splitter.holdout(MOONS.rows(), MOONS.labels(), 0.2, 0.2, 42);
        PreparedSplit validation = PreparedSplit.of(MOONS, bce.model().preprocessing(), split.validation());
        float[] z = TestModels.outputs(bce.model(), validation);
        double loss = 0;
        for (int r = 0; r < validation.rows(); r++) {
            for (int k = 0; k < 2; k++) {
                double t = k == (int) validation.targets()[r] ? 1 : 0;
                double s = 1 / (1 + Math.exp(-z[2 * r + k]));
                loss -= t * Math.log(s) + (1 - t) * Math.log(1 - s); // each output is its own binary decision
            }
        }
        assertThat(bce.result().metrics().get("validation").get("loss")).isCloseTo(loss / validation.rows(), within(1e-5));
        assertThat(TestModels.parameters(bce.model(), Parameter.Type.WEIGHT))
                .isNotEqualTo(TestModels.parameters(ce.model(), Parameter.Type.WEIGHT));
    }

    @Test
    void theScheduledLearningRateIsTheOneEachEpochTrainsWith() {
        List<EpochReport> decayed = new ArrayList<>();
        train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [8]},
                 "optimizer": {"type": "sgd", "learningRate": 0.5, "schedule": {"type": "step", "stepSize": 1, "gamma": 1e-6}},
                 "training": {"epochs": 3, "batchMode": "full_batch"}}""", MOONS, Task.CLASSIFICATION, decayed);
        assertThat(decayed).extracting(EpochReport::learningRate)
                .containsExactly((double) 0.5f, (double) (float) 5e-7, (double) (float) 5e-13);
        assertThat(decayed).extracting(EpochReport::samples).containsOnly(120L); // the 60% training split
        assertThat(decayed).extracting(EpochReport::step).containsExactly(1L, 2L, 3L);
        assertThat(decayed).allSatisfy(r -> assertThat(r.seconds()).isPositive());
        // after the first epoch the rate is all but zero: the weights, and so the losses, stay where they were
        double first = decayed.get(0).metrics().get("val_loss");
        assertThat(decayed.get(2).metrics().get("val_loss")).isCloseTo(first, within(1e-5));
        List<EpochReport> constant = new ArrayList<>();
        train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [8]}, "optimizer": {"type": "sgd", "learningRate": 0.5},
                 "training": {"epochs": 3, "batchMode": "full_batch"}}""", MOONS, Task.CLASSIFICATION, constant);
        assertThat(constant.get(0).metrics().get("val_loss")).isEqualTo(first);
        assertThat(Math.abs(constant.get(2).metrics().get("val_loss") - first)).isGreaterThan(1e-3);

        List<EpochReport> warm = new ArrayList<>();
        train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [8]},
                 "optimizer": {"type": "sgd", "learningRate": 0.3, "schedule": {"type": "cosine", "warmupEpochs": 2}},
                 "training": {"epochs": 5, "batchMode": "full_batch"}}""", MOONS, Task.CLASSIFICATION, warm);
        assertThat(warm).extracting(EpochReport::learningRate).containsExactly((double) 0.1f, (double) 0.2f, (double) 0.3f,
                (double) (float) 0.15, 0.0);
    }

    @ParameterizedTest
    @CsvSource({"sgd, 0.3", "momentum, 0.05", "nesterov, 0.05", "adagrad, 0.1", "adadelta, 1.0", "rmsprop, 0.01",
            "adam, 0.01", "adamw, 0.01"})
    void weightDecayShrinksTheWeightsOfEveryOptimizer(String optimizer, double lr) {
        String base = """
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [16]},
                 "optimizer": {"type": "%s", "learningRate": %s, "weightDecay": %s}, "training": {"epochs": 10, "batchSize": 16}}""";
        double plain = TestModels.weightNorms(moons(base.formatted(optimizer, lr, 0.0)).model())[1];
        double decayed = TestModels.weightNorms(moons(base.formatted(optimizer, lr, 0.5)).model())[1];
        assertThat(decayed).as("squared weight norm with decay vs %s without", plain).isLessThan(plain * 0.95);
    }

    @Test
    void l2PenalizesWeightsButSparesBiases() {
        // one full-batch SGD step from the same initial weights: the penalty changes the weights' gradients only
        String base = """
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [8]}, "optimizer": {"type": "sgd", "learningRate": 0.5},
                 "training": {"epochs": 1, "batchMode": "full_batch"}, "regularization": {"l2": %s}}""";
        TrainedModel plain = moons(base.formatted(0.0)).model();
        TrainedModel penalized = moons(base.formatted(0.3)).model();
        assertThat(TestModels.parameters(penalized, Parameter.Type.BIAS))
                .containsExactly(TestModels.parameters(plain, Parameter.Type.BIAS));
        float[] w0 = TestModels.parameters(plain, Parameter.Type.WEIGHT);
        float[] w1 = TestModels.parameters(penalized, Parameter.Type.WEIGHT);
        assertThat(w1).isNotEqualTo(w0);
        double plainNorm = 0;
        double penalizedNorm = 0;
        for (int i = 0; i < w0.length; i++) {
            plainNorm += w0[i] * w0[i];
            penalizedNorm += w1[i] * w1[i];
        }
        assertThat(penalizedNorm).isLessThan(plainNorm);
    }

    @Test
    void l1MovesEveryWeightByTheSameStepTowardZeroAndCoupledDecayIsTwiceL2() {
        String base = """
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [8]}, "optimizer": {"type": "sgd", "learningRate": 0.5%s},
                 "training": {"epochs": 1, "batchMode": "full_batch"}, "regularization": {%s}}""";
        float[] plain = TestModels.parameters(moons(base.formatted("", "")).model(), Parameter.Type.WEIGHT);
        float[] l1 = TestModels.parameters(moons(base.formatted("", "\"l1\": 0.01")).model(), Parameter.Type.WEIGHT);
        for (int i = 0; i < plain.length; i++) {
            // d/dw l1*|w| = l1*sign(w): one step of 0.5 moves each weight by 0.005 towards zero
            assertThat((double) Math.abs(l1[i] - plain[i])).as("weight %d", i).isCloseTo(0.005, within(1e-6));
            assertThat(Math.signum(l1[i] - plain[i])).isEqualTo(-Math.signum(plain[i]));
        }
        float[] l2 = TestModels.parameters(moons(base.formatted("", "\"l2\": 0.15")).model(), Parameter.Type.WEIGHT);
        float[] decay = TestModels.parameters(moons(base.formatted(", \"weightDecay\": 0.3", "")).model(), Parameter.Type.WEIGHT);
        assertThat(decay).containsExactly(l2);
        assertThat(decay).isNotEqualTo(plain);
    }

    @Test
    void clippingKeepsAStepSizeThatDivergesWithoutItFinite() {
        String base = """
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [16]},
                 "optimizer": {"type": "sgd", "learningRate": 1000, "clipGradient": %s}, "training": {"epochs": 3}}""";
        TrainingOutcome clipped = moons(base.formatted(0.001));
        assertThat(clipped.result().metrics().get("train").get("loss")).isFinite();
        assertThatThrownBy(() -> moons(base.formatted(0))).isInstanceOf(TrainingDivergedException.class);
    }
}
