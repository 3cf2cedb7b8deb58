package org.trainingservice.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

class SpecValidationTest extends IntegrationTest {

    @Test
    void unknownOptimizerNamesTheFieldAndTheAllowedValues() {
        JsonNode problem = rejected("{\"dataset\": {\"builtin\": \"moons\"}, \"optimizer\": {\"type\": \"adamax\"}}");
        assertThat(fields(problem)).containsExactly("optimizer.type");
        assertThat(problem.get("detail").asString()).contains("adamax").contains("sgd").contains("adamw");
    }

    @Test
    void negativeEpochsAreRefused() {
        JsonNode problem = rejected("{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"epochs\": -3}}");
        assertThat(fields(problem)).containsExactly("training.epochs");
        assertThat(problem.get("detail").asString()).contains("between 1 and");
    }

    @Test
    void unknownFieldsAreAnErrorNotIgnored() {
        JsonNode problem = rejected("{\"dataset\": {\"builtin\": \"moons\"}, \"model\": {\"hiden\": [8]}}");
        assertThat(fields(problem)).as(problem.toString()).containsExactly("model.hiden");
        assertThat(problem.get("detail").asString()).contains("hiden").contains("hidden");
    }

    @Test
    void missingDatasetIsRefused() {
        JsonNode problem = rejected("{\"training\": {\"epochs\": 3}}");
        assertThat(fields(problem)).contains("dataset");
        assertThat(rejected("").get("detail").asString()).contains("dataset");
    }

    @Test
    void everyProblemIsListedAtOnce() {
        JsonNode problem = rejected("""
                {"dataset": {"builtin": "moonz"}, "training": {"epochs": 0, "batchSize": 0},
                 "model": {"hidden": [0], "dropout": 1.5}}""");
        assertThat(fields(problem)).contains("dataset.builtin", "training.epochs", "training.batchSize",
                "model.hidden[0]", "model.dropout");
    }

    @Test
    void aLayerOrChannelSizeLeftNullIsAFieldProblem() {
        // once a 500: the defaults' copy of the list refused null entries before the validator could name them
        JsonNode problem = rejected("{\"dataset\": {\"builtin\": \"moons\"}, \"model\": {\"hidden\": [8, null], \"channels\": [null]}}");
        assertThat(fields(problem)).containsExactlyInAnyOrder("model.hidden[1]", "model.channels[0]");
    }

    @Test
    void malformedJsonAndWrongTypesGetProblemDetails() {
        assertThat(rejected("{\"dataset\": ").get("detail").asString()).contains("not valid JSON");
        JsonNode wrongType = rejected("{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"epochs\": \"many\"}}");
        assertThat(fields(wrongType)).containsExactly("training.epochs");
    }

    @Test
    void cudaIsRefusedWhenNoWorkerHasIt() {
        JsonNode problem = rejected("{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"device\": \"cuda\"}}");
        assertThat(fields(problem)).containsExactly("training.device");
        assertThat(problem.get("detail").asString()).contains("no worker has a CUDA device", "test-node: cpu");
        JsonNode numbered = rejected("{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"device\": \"cuda:1\"}}");
        assertThat(fields(numbered)).containsExactly("training.device");
        assertThat(fields(rejected("{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"device\": \"tpu\"}}")))
                .containsExactly("training.device");
    }

    @Test
    void learningCurveSharesAndRepeatsAreCheckedFieldByField() {
        JsonNode problem = rejected("""
                {"dataset": {"builtin": "moons"},
                 "analysis": {"learningCurve": {"fractions": [0.5, 0.25, 1.5], "repeats": 6}}}""");
        assertThat(fields(problem)).containsExactly("analysis.learningCurve.fractions[1]",
                "analysis.learningCurve.fractions[2]", "analysis.learningCurve.repeats");
        assertThat(problem.get("detail").asString()).contains("ascending", "at most 1", "between 1 and 5");
        JsonNode tooMany = rejected("""
                {"dataset": {"builtin": "moons"}, "analysis": {"learningCurve":
                 {"fractions": [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]}}}""");
        assertThat(fields(tooMany)).containsExactly("analysis.learningCurve.fractions");
        assertThat(fields(rejected("{\"dataset\": {\"builtin\": \"moons\"}, \"analysis\": {}}")))
                .containsExactly("analysis");
        assertThat(fields(rejected("""
                {"dataset": {"builtin": "moons"}, "analysis": {"learningCurve": {"fractions": [0.0, 1.0]}}}""")))
                .containsExactly("analysis.learningCurve.fractions[0]");
    }

    @Test
    void aRefusedSpecLeavesNoJobBehind() {
        long before = api.get("/api/v1/jobs?size=1").json().get("totalItems").asLong();
        rejected("{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"epochs\": -1}}");
        assertThat(api.get("/api/v1/jobs?size=1").json().get("totalItems").asLong()).isEqualTo(before);
    }

    @Test
    void nullsAndEmptyStringsInsideArraysAndObjectsNameTheirField() {
        String moons = "{\"dataset\": {\"builtin\": \"moons\"}, ";
        assertThat(fields(rejected(moons + "\"model\": {\"hidden\": [null]}}"))).containsExactly("model.hidden[0]");
        assertThat(fields(rejected(moons + "\"model\": {\"hidden\": [\"\"]}}"))).containsExactly("model.hidden[0]");
        assertThat(fields(rejected(moons + "\"model\": {\"hidden\": [8, null, \"\"]}}")))
                .containsExactly("model.hidden[1]", "model.hidden[2]");
        assertThat(fields(rejected(moons + "\"model\": {\"type\": \"cnn\", \"channels\": [null]}}")))
                .contains("model.channels[0]");
        assertThat(fields(rejected(moons + "\"training\": {\"device\": \"\"}}"))).containsExactly("training.device");
        assertThat(fields(rejected(moons + "\"regularization\": {\"earlyStopping\": {\"monitor\": \"\"}}}")))
                .containsExactly("regularization.earlyStopping.monitor");
        assertThat(fields(rejected("{\"dataset\": {\"builtin\": \"\"}}"))).containsExactly("dataset.builtin");
        assertThat(fields(rejected("{\"dataset\": {\"id\": \"\"}}"))).containsExactly("dataset.id");
        assertThat(fields(rejected("{\"dataset\": {\"builtin\": null, \"id\": null}}"))).containsExactly("dataset");
        assertThat(fields(rejected(moons + "\"analysis\": {\"biasVariance\": null}}"))).containsExactly("analysis");
    }

    @Test
    void integersMustBeIntegersAndNumbersNumbersEachRefusalNamingTheField() {
        String moons = "{\"dataset\": {\"builtin\": \"moons\"}, ";
        JsonNode fractional = rejected(moons + "\"training\": {\"epochs\": 10.5}}");
        assertThat(fields(fractional)).containsExactly("training.epochs");
        assertThat(fractional.get("detail").asString()).contains("must be an integer").contains("10.5");
        assertThat(fields(rejected(moons + "\"training\": {\"epochs\": 10.0}}"))).containsExactly("training.epochs");
        JsonNode quoted = rejected(moons + "\"optimizer\": {\"learningRate\": \"0.01\"}}");
        assertThat(fields(quoted)).containsExactly("optimizer.learningRate");
        assertThat(quoted.get("detail").asString()).contains("must be a number").contains("without quotes");
        assertThat(fields(rejected(moons + "\"training\": {\"seed\": \"42\"}}"))).containsExactly("training.seed");
        assertThat(fields(rejected(moons + "\"model\": {\"batchNorm\": 1}}"))).containsExactly("model.batchNorm");
        assertThat(fields(rejected(moons + "\"validation\": {\"stratify\": \"true\"}}"))).containsExactly("validation.stratify");
        assertThat(fields(rejected(moons + "\"name\": 7}"))).containsExactly("name");
        // an integer is a number: 1 where a decimal is expected is what the client meant
        Api.Response whole = api.post("/api/v1/jobs", moons + "\"optimizer\": {\"learningRate\": 1}, \"training\": {\"epochs\": 1}}");
        assertThat(whole.status()).as(whole.body()).isEqualTo(201);
        assertThat(whole.json().get("spec").get("optimizer").get("learningRate").asDouble()).isEqualTo(1.0);
        api.post("/api/v1/jobs/" + whole.json().get("id").asString() + "/cancel", "");
    }

    @Test
    void aRefusalNamesOnlyTheFieldsTheClientSet() {
        String moons = "{\"dataset\": {\"builtin\": \"moons\"}, ";
        // minLearningRate is bounded by the learning rate, but the client did not set it: only its cause is named
        JsonNode negative = rejected(moons + "\"optimizer\": {\"learningRate\": -1}}");
        assertThat(fields(negative)).containsExactly("optimizer.learningRate");
        // one fraction out of range: that field, not also the sum of both
        assertThat(fields(rejected(moons + "\"validation\": {\"validationFraction\": 0.9}}")))
                .containsExactly("validation.validationFraction");
        // a field the client set that conflicts with a default is named, with the value the client sent
        JsonNode above = rejected(moons + "\"optimizer\": {\"schedule\": {\"minLearningRate\": 0.05}}}");
        assertThat(fields(above)).containsExactly("optimizer.schedule.minLearningRate");
        assertThat(above.get("detail").asString()).contains("was 0.05").doesNotContain("you did not set");
    }

    private JsonNode rejected(String body) {
        Api.Response r = api.post("/api/v1/jobs", body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        return r.json();
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }
}
