package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.JobSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class SpecPathsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void pathsToNumericFieldsTakeTheirRanges() {
        assertThat(SpecPaths.check("optimizer.learningRate", new LogUniform(1e-4, 1e-1))).isEmpty();
        assertThat(SpecPaths.check("model.dropout", new Uniform(0, 0.5))).isEmpty();
        assertThat(SpecPaths.check("training.batchSize", new IntRange(8, 256, true))).isEmpty();
        assertThat(SpecPaths.check("training.seed", new IntRange(1, 9, false))).isEmpty();
        assertThat(SpecPaths.check("optimizer.schedule.warmupEpochs", new IntRange(0, 5, false))).isEmpty();
        assertThat(SpecPaths.check("regularization.earlyStopping.minDelta", new IntRange(0, 1, false))).isEmpty();
        assertThat(SpecPaths.check("regularization.augmentation.flip", new Choice(List.of(true, false)))).isEmpty();
        assertThat(SpecPaths.check("model.hidden", new Choice(List.of(List.of(32), List.of(64, 64))))).isEmpty();
        assertThat(SpecPaths.check("model.activation", new GridValues(List.of("relu", "leaky_relu")))).isEmpty();
        assertThat(SpecPaths.check("training.device", new Choice(List.of("cpu", "auto")))).isEmpty();
        assertThat(SpecPaths.check("optimizer.schedule", new Choice(List.of(Map.of("type", "cosine",
                "warmupEpochs", 2))))).isEmpty();
        assertThat(SpecPaths.check("training.batchSize", new Choice(Arrays.asList(32, 64.0, 128L, null)))).isEmpty();
    }

    @Test
    void anUnknownNameSaysWhichNamesExistThere() {
        assertThat(SpecPaths.check("optimizer.learningRat", new Uniform(0, 1))).containsExactly(new SpaceProblem(
                "searchSpace['optimizer.learningRat']", "unknown path optimizer.learningRat: optimizer has no field "
                + "'learningRat'; its fields are type, learningRate, momentum, beta1, beta2, epsilon, rho, "
                + "weightDecay, clipGradient, schedule"));
        assertThat(SpecPaths.check("optimiser.learningRate", new Uniform(0, 1))).containsExactly(new SpaceProblem(
                "searchSpace['optimiser.learningRate']", "unknown path optimiser.learningRate: the job spec has no "
                + "field 'optimiser'; its fields are name, dataset, task, model, loss, optimizer, training, "
                + "regularization, validation, ensemble, analysis, checkpoint, priority"));
        assertThat(SpecPaths.check("regularization.earlyStopping.patiense", new IntRange(1, 5, false)))
                .extracting(SpaceProblem::message).containsExactly("unknown path regularization.earlyStopping."
                        + "patiense: regularization.earlyStopping has no field 'patiense'; its fields are monitor, "
                        + "patience, minDelta, restoreBest");
        assertThat(SpecPaths.check("model.", new Uniform(0, 1))).extracting(SpaceProblem::message)
                .containsExactly("unknown path model.: model has no field ''; its fields are type, hidden, "
                        + "activation, dropout, batchNorm, channels");
        assertThat(SpecPaths.check("training.epochs.max", new IntRange(1, 5, false))).containsExactly(
                new SpaceProblem("searchSpace['training.epochs.max']", "training.epochs takes an integer and has no "
                        + "fields: search 'training.epochs' itself"));
    }

    @Test
    void aRangeOnAListStringEnumBooleanOrObjectSaysToUseChoice() {
        assertThat(SpecPaths.check("model.hidden", new IntRange(16, 128, false))).containsExactly(new SpaceProblem(
                "searchSpace['model.hidden'].type", "model.hidden takes a list of integers: use choice with lists as "
                + "values, e.g. [[32], [64, 64]] instead of int"));
        assertThat(SpecPaths.check("training.device", new Uniform(0, 1))).extracting(SpaceProblem::message)
                .containsExactly("training.device takes a string: use choice with strings as values instead of "
                        + "uniform");
        assertThat(SpecPaths.check("model.activation", new LogUniform(1, 2))).extracting(SpaceProblem::message)
                .containsExactly("model.activation takes one of relu, sigmoid, tanh, leaky_relu, gelu: use choice "
                        + "with those names as values instead of loguniform");
        assertThat(SpecPaths.check("model.batchNorm", new IntRange(0, 1, false))).extracting(SpaceProblem::message)
                .containsExactly("model.batchNorm takes true or false: use choice with values [true, false] "
                        + "instead of int");
        assertThat(SpecPaths.check("optimizer.schedule", new Uniform(0, 1))).extracting(SpaceProblem::message)
                .containsExactly("optimizer.schedule takes an object: search its fields (e.g. "
                        + "optimizer.schedule.type) or use choice with objects as values instead of uniform");
    }

    @Test
    void aRealRangeOnAnIntegerFieldSaysToUseInt() {
        assertThat(SpecPaths.check("training.batchSize", new Uniform(8, 256))).containsExactly(new SpaceProblem(
                "searchSpace['training.batchSize'].type", "training.batchSize takes an integer: use int (with "
                + "\"log\": true for a log scale) instead of uniform"));
        assertThat(SpecPaths.check("training.batchSize", new LogUniform(8, 256))).extracting(SpaceProblem::message)
                .containsExactly("training.batchSize takes an integer: use int (with \"log\": true for a log scale) "
                        + "instead of loguniform");
    }

    @Test
    void choiceValuesOfTheWrongJsonTypeAreNamedByIndex() {
        assertThat(SpecPaths.check("training.batchSize", new Choice(List.of(32, 0.5, "64")))).containsExactly(
                new SpaceProblem("searchSpace['training.batchSize'].values[1]", "training.batchSize takes an "
                        + "integer but value 1 is 0.5: give an integer"),
                new SpaceProblem("searchSpace['training.batchSize'].values[2]", "training.batchSize takes an "
                        + "integer but value 2 is \"64\": give an integer"));
        assertThat(SpecPaths.check("model.hidden", new Choice(List.of(List.of(32), 64, List.of(1.5)))))
                .extracting(SpaceProblem::field).containsExactly("searchSpace['model.hidden'].values[1]",
                        "searchSpace['model.hidden'].values[2]");
        assertThat(SpecPaths.check("model.hidden", new Choice(List.of(64)))).extracting(SpaceProblem::message)
                .containsExactly("model.hidden takes a list of integers but value 0 is 64: give a list of integers");
        assertThat(SpecPaths.check("model.activation", new GridValues(List.of("relu", "swish")))).containsExactly(
                new SpaceProblem("searchSpace['model.activation'].values[1]", "model.activation takes one of relu, "
                        + "sigmoid, tanh, leaky_relu, gelu but value 1 is \"swish\": give one of relu, sigmoid, tanh, "
                        + "leaky_relu, gelu"));
        assertThat(SpecPaths.check("model.dropout", new Choice(List.of(0.1, true)))).extracting(SpaceProblem::message)
                .containsExactly("model.dropout takes a number but value 1 is true: give a number");
        assertThat(SpecPaths.check("model.batchNorm", new Choice(List.of("yes")))).hasSize(1);
        assertThat(SpecPaths.check("training.device", new Choice(List.of(1)))).hasSize(1);
        assertThat(SpecPaths.check("optimizer.schedule", new Choice(List.of(Map.of("typ", "cosine"), "cosine",
                Map.of("warmupEpochs", 0.5))))).extracting(SpaceProblem::field).containsExactly(
                        "searchSpace['optimizer.schedule'].values[0]", "searchSpace['optimizer.schedule'].values[1]",
                        "searchSpace['optimizer.schedule'].values[2]");
        assertThat(SpecPaths.check("training.batchSize", new Choice(List.of(Double.POSITIVE_INFINITY)))).hasSize(1);
    }

    @Test
    void checkingASpaceChecksEachPathInOrder() {
        Map<String, ParameterSpace> m = new LinkedHashMap<>();
        m.put("nope", new Uniform(0, 1));
        m.put("optimizer.learningRate", new LogUniform(1e-4, 1e-1));
        m.put("training.batchSize", new Uniform(8, 64));
        assertThat(SpecPaths.check(new SearchSpace(m))).extracting(SpaceProblem::field)
                .containsExactly("searchSpace['nope']", "searchSpace['training.batchSize'].type");
        assertThat(SpecPaths.check(" ", new Uniform(0, 1))).isEmpty();
        assertThat(SpecPaths.check("model.dropout", null)).isEmpty();
    }

    @Test
    void applySetsEachPathOnACopyCreatingObjectsAndKeepingTheRest() throws Exception {
        ObjectNode base = (ObjectNode) JSON.readTree("""
                {"dataset": {"builtin": "moons", "samples": 2000}, "training": {"epochs": 27, "batchSize": 16},
                 "model": 7}""");
        String before = base.toString();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("optimizer.learningRate", 0.003);
        h.put("training.batchSize", 32);
        h.put("model.hidden", List.of(64, 64));
        h.put("optimizer.schedule.warmupEpochs", 2);
        ObjectNode trial = SpecPaths.apply(base, h, JSON);
        assertThat(base.toString()).isEqualTo(before);
        JsonNode expected = JSON.readTree("""
                {"dataset": {"builtin": "moons", "samples": 2000}, "training": {"epochs": 27, "batchSize": 32},
                 "model": {"hidden": [64, 64]}, "optimizer": {"learningRate": 0.003, "schedule": {"warmupEpochs": 2}}}""");
        assertThat(trial).isEqualTo(expected);
        JobSpec spec = JSON.treeToValue(trial, JobSpec.class);
        assertThat(spec.training().batchSize()).isEqualTo(32);
        assertThat(spec.model().hidden()).containsExactly(64, 64);
        assertThat(spec.optimizer().learningRate()).isEqualTo(0.003);
    }

    @Test
    void integerFieldsGetIntegerNodesWhateverNumberTheValueCameBackAs() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("training.batchSize", 64.0);
        h.put("training.seed", 5_000_000_000L);
        h.put("model.hidden", List.of(32.0, 16L));
        h.put("model.dropout", 0.25);
        h.put("regularization.earlyStopping", Map.of("patience", 3.0));
        h.put("custom.thing", List.of(1.5));
        h.put("validation.folds", null);
        ObjectNode trial = SpecPaths.apply(null, h, JSON);
        assertThat(trial.get("training").get("batchSize").isInt()).isTrue();
        assertThat(trial.get("training").get("batchSize").intValue()).isEqualTo(64);
        assertThat(trial.get("training").get("seed").isLong()).isTrue();
        assertThat(trial.get("training").get("seed").longValue()).isEqualTo(5_000_000_000L);
        assertThat(trial.get("model").get("hidden").toString()).isEqualTo("[32,16]");
        assertThat(trial.get("model").get("hidden").get(0).isInt()).isTrue();
        assertThat(trial.get("model").get("dropout").doubleValue()).isEqualTo(0.25);
        assertThat(trial.get("regularization").get("earlyStopping").get("patience").isInt()).isTrue();
        assertThat(trial.get("custom").get("thing").toString()).isEqualTo("[1.5]");
        assertThat(trial.get("validation").get("folds").isNull()).isTrue();
    }
}
