package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.LossType;
import org.trainingservice.training.spec.ModelSpec;
import org.trainingservice.training.spec.RegularizationSpec;
import org.trainingservice.training.spec.Task;

/** Each optimization and regularization option, shown to do its job on small real data. */
class ToolboxTest {

    private static final DataTable MOONS = TestData.builtin("moons", 500, 0.15, null, 1);

    private static TrainingOutcome train(String specJson, DataTable data, Task task, List<EpochReport> reports) {
        return TestData.train(specJson, data, task, reports);
    }

    private static TrainingOutcome train(String specJson) {
        return train(specJson, MOONS, Task.CLASSIFICATION, new ArrayList<>());
    }

    private static double testAccuracy(TrainingOutcome outcome) {
        return outcome.result().metrics().get("test").get("accuracy");
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0} at lr {1}")
    @CsvSource({"sgd, 0.3", "momentum, 0.05", "nesterov, 0.05", "adagrad, 0.1", "adadelta, 1.0", "rmsprop, 0.005",
            "adam, 0.01", "adamw, 0.01"})
    void everyOptimizerTrainsMoons(String optimizer, double lr) {
        TrainingOutcome outcome = train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [32, 32]},
                 "optimizer": {"type": "%s", "learningRate": %s}, "training": {"epochs": 25, "batchSize": 32}}
                """.formatted(optimizer, lr));
        assertThat(testAccuracy(outcome)).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void stochasticAndFullBatchTakeTheRightNumberOfStepsPerEpoch() {
        // 500 rows: 300 training rows after the 20% validation and 20% test splits
        List<EpochReport> stochastic = new ArrayList<>();
        train("{\"dataset\": {\"builtin\": \"moons\"}, \"model\": {\"hidden\": [4]}, \"training\": {\"epochs\": 2, \"batchMode\": \"stochastic\"}}",
                MOONS, Task.CLASSIFICATION, stochastic);
        assertThat(stochastic).extracting(EpochReport::step).containsExactly(300L, 600L);
        List<EpochReport> full = new ArrayList<>();
        train("{\"dataset\": {\"builtin\": \"moons\"}, \"model\": {\"hidden\": [4]}, \"training\": {\"epochs\": 3, \"batchMode\": \"full_batch\"}}",
                MOONS, Task.CLASSIFICATION, full);
        assertThat(full).extracting(EpochReport::step).containsExactly(1L, 2L, 3L);
        List<EpochReport> mini = new ArrayList<>();
        train("{\"dataset\": {\"builtin\": \"moons\"}, \"model\": {\"hidden\": [4]}, \"training\": {\"epochs\": 1, \"batchSize\": 64}}",
                MOONS, Task.CLASSIFICATION, mini);
        assertThat(mini.get(0).step()).isEqualTo(5L); // ceil(300 / 64)
    }

    @Tag("slow")
    @Test
    void l2AndL1PenaltiesShrinkTheWeights() {
        String base = """
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [32, 32]}, "optimizer": {"type": "adam", "learningRate": 0.01},
                 "training": {"epochs": 20}, "regularization": %s}""";
        double[] plain = TestModels.weightNorms(train(base.formatted("{}")).model());
        double[] l2 = TestModels.weightNorms(train(base.formatted("{\"l2\": 0.01}")).model());
        double[] l1 = TestModels.weightNorms(train(base.formatted("{\"l1\": 0.001}")).model());
        assertThat(l2[1]).isLessThan(plain[1] * 0.7);
        assertThat(l1[0]).isLessThan(plain[0] * 0.7);
    }

    @Test
    void dropoutVariesTrainingOutputsButNotEvaluationOutputs() {
        ModelSpec spec = new ModelSpec(null, List.of(64), null, 0.5, null, null).withDefaults();
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = ModelFactory.build(spec, 2, 2, new int[0]);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.create(new float[]{0.3f, -0.7f, 1.1f, 0.2f}, new Shape(2, 2));
            float[] train1 = block.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
            float[] train2 = block.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
            float[] eval1 = block.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            float[] eval2 = block.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            assertThat(train1).isNotEqualTo(train2);
            assertThat(eval1).containsExactly(eval2);
        }
    }

    @Test
    void batchNormalizationKeepsRunningStatistics() {
        TrainingOutcome outcome = train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [16], "batchNorm": true}, "training": {"epochs": 3}}""");
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainedModel model = outcome.model();
            SequentialBlock block = ModelFactory.build(model.spec().model(), model.inputs(), model.outputs(), model.imageShape());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, model.inputs()));
            ModelParameters.load(block, manager, model.members().get(0).parameters());
            List<Parameter.Type> types = new ArrayList<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                types.add(p.getValue().getType());
                if (p.getValue().getType() == Parameter.Type.RUNNING_MEAN) {
                    float[] mean = p.getValue().getArray().toFloatArray();
                    assertThat(mean).as("running mean moved away from its initial zeros").isNotEqualTo(new float[mean.length]);
                }
                if (p.getValue().getType() == Parameter.Type.RUNNING_VAR) {
                    float[] var = p.getValue().getArray().toFloatArray();
                    float[] ones = new float[var.length];
                    java.util.Arrays.fill(ones, 1f);
                    assertThat(var).isNotEqualTo(ones);
                }
            }
            assertThat(types).contains(Parameter.Type.RUNNING_MEAN, Parameter.Type.RUNNING_VAR);
        }
        assertThat(testAccuracy(outcome)).isGreaterThan(0.8);
    }

    @Test
    void labelSmoothingGivesTheLossTheFormulaSays() {
        RegularizationSpec smoothing = new RegularizationSpec(null, null, null, 0.1, null, null, null).withDefaults();
        BatchTransforms transforms = new BatchTransforms(smoothing, new int[0], 1);
        float[] x = {0f, 0f};
        float[] t = {0, 1, 0, 1, 0, 0}; // two rows, three classes: labels 1 and 0
        transforms.apply(x, t, 2, 1, 3, true);
        assertThat(t).containsExactly(0.1f / 3, 0.9f + 0.1f / 3, 0.1f / 3, 0.9f + 0.1f / 3, 0.1f / 3, 0.1f / 3);
        float[] logits = {1f, 2f, 0.5f, -1f, 0f, 3f};
        try (NDManager manager = NDManager.newBaseManager()) {
            float loss = Losses.of(LossType.CROSS_ENTROPY, manager.create(logits, new Shape(2, 3)),
                    manager.create(t, new Shape(2, 3))).getFloat();
            double expected = 0;
            for (int r = 0; r < 2; r++) {
                double logSum = Math.log(Math.exp(logits[3 * r]) + Math.exp(logits[3 * r + 1]) + Math.exp(logits[3 * r + 2]));
                for (int k = 0; k < 3; k++) {
                    expected -= t[3 * r + k] * (logits[3 * r + k] - logSum);
                }
            }
            assertThat((double) loss).isCloseTo(expected / 2, within(1e-5));
        }
    }

    @Test
    void regressionLossesFollowTheirFormulas() {
        float[] out = {0f, 2f, -3f};
        float[] target = {0.5f, 0f, 0f};
        assertThat(Losses.of(LossType.MSE, out, target, 3, 1)).isCloseTo((0.25 + 4 + 9) / 3, within(1e-9));
        assertThat(Losses.of(LossType.MAE, out, target, 3, 1)).isCloseTo((0.5 + 2 + 3) / 3.0, within(1e-9));
        assertThat(Losses.of(LossType.HUBER, out, target, 3, 1)).isCloseTo((0.125 + 1.5 + 2.5) / 3, within(1e-9));
        try (NDManager manager = NDManager.newBaseManager()) {
            float huber = Losses.of(LossType.HUBER, manager.create(out, new Shape(3, 1)), manager.create(target, new Shape(3, 1))).getFloat();
            assertThat((double) huber).isCloseTo((0.125 + 1.5 + 2.5) / 3, within(1e-6));
            float bce = Losses.of(LossType.BINARY_CROSS_ENTROPY, manager.create(new float[]{2f}, new Shape(1, 1)),
                    manager.create(new float[]{1f}, new Shape(1, 1))).getFloat();
            assertThat((double) bce).isCloseTo(-Math.log(1 / (1 + Math.exp(-2))), within(1e-6));
        }
    }

    @Test
    void mixupAndInputNoiseChangeTrainingBatchesOnly() {
        RegularizationSpec spec = new RegularizationSpec(null, null, 0.3, null, 0.4, null, null).withDefaults();
        BatchTransforms transforms = new BatchTransforms(spec, new int[0], 5);
        float[] x = {1, 1, 2, 2, 3, 3, 4, 4};
        float[] t = {1, 0, 0, 1, 1, 0, 0, 1};
        float[] x0 = x.clone();
        transforms.apply(x, t, 4, 2, 2, true);
        assertThat(x).isNotEqualTo(x0);
        for (int r = 0; r < 4; r++) {
            assertThat(t[2 * r] + t[2 * r + 1]).isCloseTo(1f, within(1e-6f)); // mixed labels stay distributions
        }
        assertThat(t).isNotEqualTo(new float[]{1, 0, 0, 1, 1, 0, 0, 1});
        // evaluation never sees the transforms: the same model evaluates the same data identically, every time
        TrainingOutcome noisy = train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [16]}, "training": {"epochs": 3},
                 "regularization": {"inputNoise": 0.5, "mixup": 0.4}}""");
        assertThat(noisy.result().metrics().get("validation")).isEqualTo(evaluateAgain(noisy, MOONS).get("validation"));
    }

    private static java.util.Map<String, java.util.Map<String, Double>> evaluateAgain(TrainingOutcome outcome, DataTable data) {
        TrainedModel model = outcome.model();
        SplitIndices split = Splitter.holdout(data.rows(), data.labels(), 0.2, 0.2, model.spec().training().seed());
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = ModelFactory.build(model.spec().model(), model.inputs(), model.outputs(), model.imageShape());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, model.inputs()));
            ModelParameters.load(block, manager, model.members().get(0).parameters());
            Evaluator evaluator = new Evaluator(model.spec().loss(), model.outputs(), model.preprocessing());
            return java.util.Map.of("validation", evaluator.evaluate(block, manager,
                    PreparedSplit.of(data, model.preprocessing(), split.validation())));
        }
    }

    @Tag("slow")
    @Test
    void earlyStoppingStopsBeforeEpochsAndRestoresTheBestWeights() {
        DataTable noisy = TestData.builtin("moons", 200, 0.45, null, 4);
        List<EpochReport> reports = new ArrayList<>();
        TrainingOutcome outcome = train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [128, 128]}, "optimizer": {"learningRate": 0.01},
                 "training": {"epochs": 300, "batchSize": 16},
                 "regularization": {"earlyStopping": {"monitor": "val_loss", "patience": 5, "restoreBest": true}}}""",
                noisy, Task.CLASSIFICATION, reports);
        TrainingResult result = outcome.result();
        assertThat(result.stoppedEarly()).isTrue();
        assertThat(result.epochsRun()).isLessThan(300).isEqualTo(reports.size());
        assertThat(result.bestEpoch()).isEqualTo(result.epochsRun() - 5);
        double bestValLoss = reports.get(result.bestEpoch() - 1).metrics().get("val_loss");
        double lastValLoss = reports.get(reports.size() - 1).metrics().get("val_loss");
        assertThat(lastValLoss).isGreaterThan(bestValLoss);
        // the final model is the best epoch's: its validation loss is the best one, not the last one
        assertThat(result.metrics().get("validation").get("loss")).isCloseTo(bestValLoss, within(1e-6));
    }

    @Tag("slow")
    @Test
    void aTinyNetworkOnSpiralsUnderfitsAndAHugeOneOnFewNoisyPointsOverfits() {
        DataTable spirals = TestData.builtin("spirals", 600, 0.1, 3, 2);
        TrainingOutcome tiny = train("""
                {"dataset": {"builtin": "spirals"}, "model": {"hidden": [2]}, "training": {"epochs": 10}}""",
                spirals, Task.CLASSIFICATION, new ArrayList<>());
        assertThat(tiny.result().diagnosis()).isEqualTo("underfitting");
        assertThat(tiny.result().diagnosisDetail()).contains("bigger model");

        DataTable few = TestData.builtin("moons", 120, 0.5, null, 3);
        TrainingOutcome huge = train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [512, 512]}, "optimizer": {"learningRate": 0.005},
                 "training": {"epochs": 150, "batchSize": 8}}""", few, Task.CLASSIFICATION, new ArrayList<>());
        assertThat(huge.result().diagnosis()).isEqualTo("overfitting");
        assertThat(huge.result().diagnosisDetail()).contains("regularization");
        assertThat(huge.result().generalizationGap()).isGreaterThan(0);
    }

    @Test
    void aHugeLearningRateFailsWithANanMessage() {
        assertThatThrownBy(() -> train("""
                {"dataset": {"builtin": "moons"}, "optimizer": {"type": "sgd", "learningRate": 1e8}, "training": {"epochs": 5}}"""))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("epoch 1").hasMessageContaining("learning rate");
    }

    @Test
    void twoRunsWithOneSeedAreIdentical() {
        String spec = """
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [16, 16], "dropout": 0.2},
                 "training": {"epochs": 4, "seed": 9}, "regularization": {"inputNoise": 0.1, "mixup": 0.2}}""";
        List<EpochReport> first = new ArrayList<>();
        List<EpochReport> second = new ArrayList<>();
        TrainingOutcome a = train(spec, MOONS, Task.CLASSIFICATION, first);
        TrainingOutcome b = train(spec, MOONS, Task.CLASSIFICATION, second);
        assertThat(second).extracting(EpochReport::metrics).containsExactlyElementsOf(first.stream().map(EpochReport::metrics).toList());
        assertThat(b.model().members().get(0).parameters()).isEqualTo(a.model().members().get(0).parameters());
        assertThat(b.result().metrics()).isEqualTo(a.result().metrics());
    }

    @Test
    void gradientClippingKeepsAHugeLearningRateFromDiverging() {
        TrainingOutcome clipped = train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [16]},
                 "optimizer": {"type": "sgd", "learningRate": 5, "clipGradient": 0.01}, "training": {"epochs": 3}}""");
        assertThat(clipped.result().metrics().get("train").get("loss")).isFinite();
    }
}
