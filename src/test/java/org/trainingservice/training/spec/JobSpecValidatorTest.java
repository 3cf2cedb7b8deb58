package org.trainingservice.training.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** Every limit of the validator at its edges: the bound itself passes, one step beyond it is refused by name. */
class JobSpecValidatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static JobSpec spec(String json, Task task) {
        return JSON.readValue(json, JobSpec.class).withDefaults(task);
    }

    /** A moons spec with {@code value} at the dotted {@code path} ("optimizer.schedule.gamma"). */
    private static String with(String path, String value, String extra) {
        String[] parts = path.split("\\.");
        StringBuilder json = new StringBuilder("\"").append(parts[parts.length - 1]).append("\": ").append(value);
        for (int i = parts.length - 2; i >= 0; i--) {
            json.insert(0, "\"" + parts[i] + "\": {").append("}");
        }
        return "{\"dataset\": {\"builtin\": \"moons\"}, " + json + extra + "}";
    }

    private static List<String> fields(String json, Task task) {
        return JobSpecValidator.validate(spec(json, task)).stream().map(SpecViolation::field).toList();
    }

    private static List<SpecViolation> violations(String json) {
        return JobSpecValidator.validate(spec(json, Task.CLASSIFICATION));
    }

    @ParameterizedTest(name = "{0} in [{1}, {2}]")
    @CsvSource({
            "model.dropout, 0, 0.95", "optimizer.momentum, 0, 0.999999", "optimizer.beta1, 0, 0.999999",
            "optimizer.beta2, 0, 0.999999999", "optimizer.rho, 0, 0.999999", "optimizer.weightDecay, 0, 1",
            "optimizer.clipGradient, 0, 1000000", "optimizer.schedule.gamma, 0.000001, 1",
            "optimizer.schedule.minLearningRate, 0, 0.01", "regularization.l1, 0, 10", "regularization.l2, 0, 10",
            "regularization.inputNoise, 0, 10", "regularization.labelSmoothing, 0, 0.99", "regularization.mixup, 0, 100",
            "regularization.augmentation.rotation, 0, 180", "regularization.augmentation.jitter, 0, 10",
            "regularization.earlyStopping.minDelta, 0, 1000000", "validation.validationFraction, 0.01, 0.5",
            "validation.testFraction, 0, 0.5", "ensemble.sampleFraction, 0.05, 1", "ensemble.shrinkage, 0.001, 1"})
    void decimalLimits(String path, double min, double max) {
        assertThat(fields(with(path, Double.toString(min), ""), Task.CLASSIFICATION)).isEmpty();
        assertThat(fields(with(path, Double.toString(max), ""), Task.CLASSIFICATION)).isEmpty();
        double below = min - 1e-9 * Math.max(1, Math.abs(min));
        double above = max + 1e-9 * Math.max(1, Math.abs(max));
        assertThat(fields(with(path, Double.toString(below), ""), Task.CLASSIFICATION)).containsExactly(path);
        List<SpecViolation> tooBig = violations(with(path, Double.toString(above), ""));
        assertThat(tooBig).extracting(SpecViolation::field).containsExactly(path);
        assertThat(tooBig.get(0).message()).isEqualTo("must be between " + min + " and " + max + ", was " + above);
    }

    @ParameterizedTest(name = "{0} in [{1}, {2}]")
    @CsvSource({
            "optimizer.schedule.warmupEpochs, 0, 1000", "optimizer.schedule.stepSize, 1, 10000", "training.epochs, 1, 10000",
            "training.batchSize, 1, 65536", "regularization.augmentation.shift, 0, 32",
            "regularization.earlyStopping.patience, 1, 10000", "validation.folds, 2, 20", "ensemble.members, 1, 50",
            "analysis.biasVariance.rounds, 2, 100", "checkpoint.everyEpochs, 1, 10000", "checkpoint.keepLast, 0, 100",
            "priority, -1000, 1000"})
    void wholeNumberLimits(String path, int min, int max) {
        assertThat(fields(with(path, Integer.toString(min), ""), Task.CLASSIFICATION)).isEmpty();
        assertThat(fields(with(path, Integer.toString(max), ""), Task.CLASSIFICATION)).isEmpty();
        assertThat(fields(with(path, Integer.toString(min - 1), ""), Task.CLASSIFICATION)).containsExactly(path);
        List<SpecViolation> tooBig = violations(with(path, Integer.toString(max + 1), ""));
        assertThat(tooBig).extracting(SpecViolation::field).containsExactly(path);
        assertThat(tooBig.get(0).message()).isEqualTo("must be between " + min + " and " + max + ", was " + (max + 1));
    }

    @Test
    void learningRateAndEpsilonMustBePositiveAndFinite() {
        for (String path : List.of("optimizer.learningRate", "optimizer.epsilon")) {
            assertThat(fields(with(path, "1e-12", ""), Task.CLASSIFICATION)).isEmpty();
            assertThat(fields(with(path, "0", ""), Task.CLASSIFICATION)).containsExactly(path);
            assertThat(violations(with(path, "-1", "")).get(0).message()).isEqualTo("must be a positive number, was -1.0");
            assertThat(fields(with(path, "1e400", ""), Task.CLASSIFICATION)).as("infinite").containsExactly(path);
        }
        JobSpec s = spec("{\"dataset\": {\"builtin\": \"moons\"}}", Task.CLASSIFICATION);
        OptimizerSpec o = s.optimizer();
        OptimizerSpec nan = new OptimizerSpec(o.type(), Double.NaN, Double.NaN, o.beta1(), o.beta2(), o.epsilon(), o.rho(),
                o.weightDecay(), o.clipGradient(), o.schedule());
        JobSpec withNan = new JobSpec(s.name(), s.dataset(), s.task(), s.model(), s.loss(), nan, s.training(),
                s.regularization(), s.validation(), s.ensemble(), s.analysis(), s.checkpoint(), s.priority());
        assertThat(JobSpecValidator.validate(withNan)).extracting(SpecViolation::field)
                .containsExactlyInAnyOrder("optimizer.learningRate", "optimizer.momentum");
    }

    @Test
    void theMinimumLearningRateOfASchedulePassesUpToTheBaseRate() {
        String lr = ", \"optimizer\": {\"learningRate\": 0.3, \"schedule\": {\"minLearningRate\": %s}}";
        assertThat(fields("{\"dataset\": {\"builtin\": \"moons\"}" + lr.formatted("0.3") + "}", Task.CLASSIFICATION)).isEmpty();
        assertThat(fields("{\"dataset\": {\"builtin\": \"moons\"}" + lr.formatted("0.31") + "}", Task.CLASSIFICATION))
                .containsExactly("optimizer.schedule.minLearningRate");
    }

    @Test
    void validationAndTestFractionsLeaveAFifthForTraining() {
        String fractions = "{\"dataset\": {\"builtin\": \"moons\"}, \"validation\": {\"validationFraction\": %s, \"testFraction\": %s}}";
        assertThat(fields(fractions.formatted("0.4", "0.4"), Task.CLASSIFICATION)).isEmpty();
        assertThat(fields(fractions.formatted("0.5", "0.31"), Task.CLASSIFICATION)).containsExactly("validation");
    }

    @Test
    void datasetIsRequiredOnceAndNamesAreShort() {
        assertThat(fields("{}", Task.CLASSIFICATION)).containsExactly("dataset");
        assertThat(violations("{}").get(0).message()).contains("is required");
        assertThat(fields("{\"dataset\": {\"builtin\": \"moons\", \"id\": \"a3c0\"}}", Task.CLASSIFICATION)).containsExactly("dataset");
        assertThat(fields("{\"dataset\": {}}", Task.CLASSIFICATION)).containsExactly("dataset");
        assertThat(fields("{\"dataset\": {\"id\": \"a3c0\"}}", Task.CLASSIFICATION)).isEmpty();
        assertThat(fields(with("name", "\"" + "n".repeat(200) + "\"", ""), Task.CLASSIFICATION)).isEmpty();
        assertThat(fields(with("name", "\"" + "n".repeat(201) + "\"", ""), Task.CLASSIFICATION)).containsExactly("name");
    }

    @Test
    void layersAndUnits() {
        assertThat(fields(with("model.hidden", List.of(4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4).toString(), ""),
                Task.CLASSIFICATION)).isEmpty();
        assertThat(fields(with("model.hidden", List.of(4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4).toString(), ""),
                Task.CLASSIFICATION)).containsExactly("model.hidden");
        assertThat(fields(with("model.hidden", "[1, 4096]", ""), Task.CLASSIFICATION)).isEmpty();
        assertThat(fields(with("model.hidden", "[0, 4097, null]", ""), Task.CLASSIFICATION))
                .containsExactly("model.hidden[0]", "model.hidden[1]", "model.hidden[2]");
        assertThat(fields(with("model.channels", "[1, 256, 8, 8]", ""), Task.CLASSIFICATION)).isEmpty();
        assertThat(fields(with("model.channels", "[]", ""), Task.CLASSIFICATION)).containsExactly("model.channels");
        assertThat(fields(with("model.channels", "[8, 8, 8, 8, 8]", ""), Task.CLASSIFICATION)).containsExactly("model.channels");
        assertThat(fields(with("model.channels", "[0, 257, null]", ""), Task.CLASSIFICATION))
                .containsExactly("model.channels[0]", "model.channels[1]", "model.channels[2]");
    }

    @Test
    void combinationsThatCannotWork() {
        assertThat(fields(with("loss", "\"cross_entropy\"", ""), Task.REGRESSION)).containsExactly("loss");
        assertThat(fields(with("loss", "\"binary_cross_entropy\"", ""), Task.REGRESSION)).containsExactly("loss");
        assertThat(fields(with("loss", "\"huber\"", ""), Task.REGRESSION)).isEmpty();
        assertThat(fields(with("model.batchNorm", "true", ", \"training\": {\"batchMode\": \"stochastic\"}"),
                Task.CLASSIFICATION)).containsExactly("model.batchNorm");
        assertThat(fields(with("model.batchNorm", "true", ", \"training\": {\"batchMode\": \"full_batch\"}"),
                Task.CLASSIFICATION)).isEmpty();
        assertThat(fields(with("model.batchNorm", "false", ", \"training\": {\"batchMode\": \"stochastic\"}"),
                Task.CLASSIFICATION)).isEmpty();
        assertThat(fields(with("ensemble.method", "\"bagging\"", ", \"validation\": {\"strategy\": \"kfold\"}"),
                Task.CLASSIFICATION)).containsExactly("ensemble.method");
        assertThat(fields(with("ensemble.method", "\"none\"", ", \"validation\": {\"strategy\": \"kfold\"}"),
                Task.CLASSIFICATION)).isEmpty();
        assertThat(fields(with("ensemble.method", "\"boosting\"", ", \"loss\": \"binary_cross_entropy\""),
                Task.CLASSIFICATION)).containsExactly("loss");
        assertThat(fields(with("ensemble.method", "\"boosting\"", ", \"loss\": \"mae\""), Task.REGRESSION)).isEmpty();
        assertThat(fields(with("ensemble.method", "\"bagging\"", ", \"loss\": \"binary_cross_entropy\""),
                Task.CLASSIFICATION)).isEmpty();
        assertThat(fields(with("analysis", "{}", ""), Task.CLASSIFICATION)).containsExactly("analysis");
    }

    @Test
    void earlyStoppingMonitorsMatchTheTask() {
        Map<String, List<String>> refusedFor = Map.of(
                "val_loss", List.of(), "val_accuracy", List.of("regression"), "val_rmse", List.of("classification"),
                "val_mae", List.of("classification"), "val_r2", List.of("classification"),
                "train_loss", List.of("classification", "regression"));
        refusedFor.forEach((monitor, refused) -> {
            for (Task task : Task.values()) {
                List<String> problems = fields(with("regularization.earlyStopping.monitor", "\"" + monitor + "\"", ""), task);
                if (refused.contains(task.name().toLowerCase())) {
                    assertThat(problems).as("%s for %s", monitor, task).containsExactly("regularization.earlyStopping.monitor");
                } else {
                    assertThat(problems).as("%s for %s", monitor, task).isEmpty();
                }
            }
        });
    }

    @Test
    void earlyStoppingMonitorMessagesNameTheFix() {
        String field = "regularization.earlyStopping.monitor";
        assertThat(JobSpecValidator.validate(spec(with(field, "\"train_loss\"", ""), Task.CLASSIFICATION)))
                .extracting(SpecViolation::message).containsExactly("must be one of [val_loss, val_accuracy, val_rmse, "
                        + "val_mae, val_r2] (early stopping watches validation data only)");
        assertThat(JobSpecValidator.validate(spec(with(field, "\"val_accuracy\"", ""), Task.REGRESSION)))
                .extracting(SpecViolation::message).containsExactly("val_accuracy needs a classification task");
        assertThat(JobSpecValidator.validate(spec(with(field, "\"val_r2\"", ""), Task.CLASSIFICATION)))
                .extracting(SpecViolation::message)
                .containsExactly("val_r2 needs a regression task; use val_loss or val_accuracy");
    }

    @Test
    void devices() {
        for (String ok : List.of("auto", "cpu", "cuda", "cuda:0", "cuda:12")) {
            assertThat(fields(with("training.device", "\"" + ok + "\"", ""), Task.CLASSIFICATION)).isEmpty();
        }
        for (String bad : List.of("gpu", "cuda:", "cuda:x", "CPU", " cpu")) {
            assertThat(fields(with("training.device", "\"" + bad + "\"", ""), Task.CLASSIFICATION)).containsExactly("training.device");
        }
    }

    @Test
    void defaultsSayWhatRuns() {
        JobSpec s = spec("{\"dataset\": {\"builtin\": \"moons\"}}", Task.CLASSIFICATION);
        assertThat(s.name()).isEqualTo("moons-job");
        assertThat(spec("{\"dataset\": {\"id\": \"d1\"}}", Task.REGRESSION).name()).isEqualTo("job");
        assertThat(s.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(s.loss()).isEqualTo(LossType.CROSS_ENTROPY);
        assertThat(spec("{\"dataset\": {\"id\": \"d1\"}}", Task.REGRESSION).loss()).isEqualTo(LossType.MSE);
        assertThat(spec("{\"dataset\": {\"id\": \"d1\"}, \"task\": \"regression\"}", Task.CLASSIFICATION).task())
                .isEqualTo(Task.REGRESSION);
        assertThat(s.model()).isEqualTo(new ModelSpec(ModelType.MLP, List.of(64, 64), Activation.RELU, 0.0, false, List.of(16, 32)));
        assertThat(s.optimizer()).isEqualTo(new OptimizerSpec(OptimizerType.ADAM, 0.01, 0.9, 0.9, 0.999, 1e-8, 0.9, 0.0, 0.0,
                new ScheduleSpec(ScheduleType.NONE, 0, 10, 0.5, 0.0)));
        assertThat(s.training()).isEqualTo(new TrainingSettings(30, BatchMode.MINI_BATCH, 32, 42L, "auto"));
        assertThat(s.regularization()).isEqualTo(new RegularizationSpec(0.0, 0.0, 0.0, 0.0, 0.0,
                new AugmentationSpec(false, 0, 0.0, 0.0), null));
        assertThat(s.validation()).isEqualTo(new ValidationSpec(ValidationStrategy.HOLDOUT, 0.2, 0.2, 5, true));
        assertThat(s.ensemble()).isEqualTo(new EnsembleSpec(EnsembleMethod.NONE, 5, 1.0, 1.0));
        assertThat(s.analysis()).isNull();
        assertThat(s.checkpoint()).isEqualTo(new CheckpointSpec(1, 2, true));
        assertThat(s.priority()).isZero();
        assertThat(spec(with("regularization.earlyStopping", "{}", ""), Task.CLASSIFICATION).regularization().earlyStopping())
                .isEqualTo(new EarlyStoppingSpec("val_loss", 5, 0.0, true));
        assertThat(JobSpecValidator.validate(s)).isEmpty();
    }

    @Test
    void eachOptimizerHasItsOwnDefaults() {
        Map<OptimizerType, double[]> rateEpsilonRhoDecay = Map.of(
                OptimizerType.SGD, new double[]{0.05, 1e-8, 0.9, 0}, OptimizerType.MOMENTUM, new double[]{0.05, 1e-8, 0.9, 0},
                OptimizerType.NESTEROV, new double[]{0.05, 1e-8, 0.9, 0}, OptimizerType.ADAGRAD, new double[]{0.05, 1e-10, 0.9, 0},
                OptimizerType.ADADELTA, new double[]{1.0, 1e-6, 0.95, 0}, OptimizerType.RMSPROP, new double[]{0.01, 1e-8, 0.9, 0},
                OptimizerType.ADAM, new double[]{0.01, 1e-8, 0.9, 0}, OptimizerType.ADAMW, new double[]{0.01, 1e-8, 0.9, 0.01});
        rateEpsilonRhoDecay.forEach((type, expected) -> {
            OptimizerSpec o = new OptimizerSpec(type, null, null, null, null, null, null, null, null, null).withDefaults();
            assertThat(new double[]{o.learningRate(), o.epsilon(), o.rho(), o.weightDecay()}).as(type.name()).containsExactly(expected);
        });
        assertThat(new ScheduleSpec(ScheduleType.EXPONENTIAL, null, null, null, null).withDefaults().gamma()).isEqualTo(0.95);
        assertThat(new ScheduleSpec(ScheduleType.STEP, null, null, null, null).withDefaults().gamma()).isEqualTo(0.5);
    }

    @Test
    void parameterCountOfMlpsAndCnns() {
        ModelSpec mlp = new ModelSpec(ModelType.MLP, List.of(8, 4), null, null, false, null).withDefaults();
        assertThat(ParameterCount.of(mlp, 3, 2, new int[0])).isEqualTo(3 * 8 + 8 + 8 * 4 + 4 + 4 * 2 + 2);
        ModelSpec normed = new ModelSpec(ModelType.MLP, List.of(8), null, null, true, null).withDefaults();
        assertThat(ParameterCount.of(normed, 3, 2, new int[0])).isEqualTo(3 * 8 + 8 + 2 * 8 + 8 * 2 + 2);
        ModelSpec cnn = new ModelSpec(ModelType.CNN, List.of(10), null, null, false, List.of(4, 6)).withDefaults();
        // 1x8x8 -> conv 4 (3x3) -> pool 4x4x4 -> conv 6 -> pool 6x2x2 = 24 -> 10 -> 3
        long conv = (1 * 4 * 9 + 4) + (4 * 6 * 9 + 6);
        assertThat(ParameterCount.of(cnn, 64, 3, new int[]{1, 8, 8})).isEqualTo(conv + 24 * 10 + 10 + 10 * 3 + 3);
        ModelSpec cnnNormed = new ModelSpec(ModelType.CNN, List.of(), null, null, true, List.of(4)).withDefaults();
        assertThat(ParameterCount.of(cnnNormed, 16, 2, new int[]{1, 4, 4})).isEqualTo((9 * 4 + 4 + 8) + 16 * 2 + 2);
        assertThat(ParameterCount.of(cnn, 64, 3, null)).as("no image shape: the hidden layers only")
                .isEqualTo(64 * 10 + 10 + 10 * 3 + 3);
    }
}
