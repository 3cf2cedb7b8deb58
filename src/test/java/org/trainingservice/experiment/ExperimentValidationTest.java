package org.trainingservice.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Every invalid search space is a 400 naming the field and the fix, and leaves no experiment or trial behind. */
class ExperimentValidationTest extends IntegrationTest {

    private static final String BASE = "\"baseSpec\": {\"dataset\": {\"builtin\": \"moons\", \"samples\": 300}, "
            + "\"training\": {\"epochs\": 9}}";

    @Test
    void anUnknownPathNamesTheFieldsThatExist() {
        JsonNode p = rejected("{" + BASE + ", \"searchSpace\": {\"optimizer.learnRate\": "
                + "{\"type\": \"uniform\", \"min\": 0.001, \"max\": 0.1}}}");
        assertThat(fields(p)).containsExactly("searchSpace['optimizer.learnRate']");
        assertThat(p.get("errors").get(0).get("message").asString()).contains("learningRate");
    }

    @Test
    void aRangeOnAListFieldAsksForAChoiceOfLists() {
        JsonNode p = rejected("{" + BASE + ", \"searchSpace\": {\"model.hidden\": "
                + "{\"type\": \"int\", \"min\": 8, \"max\": 64}}}");
        assertThat(fields(p)).containsExactly("searchSpace['model.hidden'].type");
        assertThat(p.get("errors").get(0).get("message").asString()).contains("choice");
    }

    @Test
    void badBoundsAndEmptyChoicesAreNamed() {
        JsonNode p = rejected("{" + BASE + ", \"searchSpace\": {"
                + "\"model.dropout\": {\"type\": \"uniform\", \"min\": 0.5, \"max\": 0.1},"
                + "\"optimizer.learningRate\": {\"type\": \"loguniform\", \"min\": 0, \"max\": 0.1},"
                + "\"training.batchSize\": {\"type\": \"choice\", \"values\": []}}}");
        assertThat(String.join(" ", fields(p))).contains("searchSpace['model.dropout']")
                .contains("searchSpace['optimizer.learningRate']").contains("searchSpace['training.batchSize']");
        assertThat(p.get("detail").asString()).contains("min").contains("max");
    }

    @Test
    void aGridLargerThanItsBudgetSaysHowManyCombinationsItHas() {
        JsonNode p = rejected("{" + BASE + ", \"searchSpace\": {"
                + "\"training.batchSize\": {\"type\": \"grid\", \"values\": [8, 16, 32]},"
                + "\"model.hidden\": {\"type\": \"grid\", \"values\": [[4], [8], [16]]}},"
                + "\"searcher\": {\"type\": \"grid\", \"maxTrials\": 4}}");
        assertThat(p.get("detail").asString()).contains("9").contains("maxTrials");
    }

    @Test
    void aValueThatMakesAnInvalidTrialIsRefusedBeforeAnyTrialRuns() {
        JsonNode p = rejected("{" + BASE + ", \"searchSpace\": {\"training.batchSize\": "
                + "{\"type\": \"int\", \"min\": 8, \"max\": 100000}}}");
        assertThat(fields(p)).containsExactly("searchSpace['training.batchSize']");
        assertThat(p.get("detail").asString()).contains("100000").contains("training.batchSize");
    }

    @Test
    void limitsObjectiveAndAshaSettingsAreChecked() {
        JsonNode p = rejected("{" + BASE + ", \"searchSpace\": {\"model.dropout\": "
                + "{\"type\": \"uniform\", \"min\": 0.0, \"max\": 0.5}}, \"searcher\": {\"type\": \"asha\", "
                + "\"maxTrials\": 100000, \"minEpochs\": 9}, \"objective\": {\"metric\": \"test_loss\"}}");
        assertThat(fields(p)).contains("searcher.maxTrials", "searcher.minEpochs", "objective.metric");
        assertThat(p.get("detail").asString()).contains("training.limits.max-trials");
    }

    @Test
    void anInvalidBaseSpecIsNamedUnderBaseSpec() {
        JsonNode p = rejected("{\"baseSpec\": {\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"epochs\": -1}}, "
                + "\"searchSpace\": \"auto\"}");
        assertThat(fields(p)).containsExactly("baseSpec.training.epochs");
    }

    @Test
    void aFirstTrialOutsideTheSpaceIsNamedAndAGridRefusesOne() {
        JsonNode p = rejected("{" + BASE + ", \"searchSpace\": {\"model.dropout\": "
                + "{\"type\": \"uniform\", \"min\": 0.0, \"max\": 0.5}}, \"searcher\": {\"type\": \"tpe\", "
                + "\"firstTrial\": {\"model.dropout\": 0.9, \"optimizer.momentum\": 0.5}}}");
        assertThat(fields(p)).containsExactly("searcher.firstTrial.model.dropout",
                "searcher.firstTrial.optimizer.momentum");
        JsonNode grid = rejected("{" + BASE + ", \"searchSpace\": {\"training.batchSize\": "
                + "{\"type\": \"grid\", \"values\": [16, 32]}}, \"searcher\": {\"type\": \"grid\", "
                + "\"firstTrial\": {\"training.batchSize\": 16}}}");
        assertThat(fields(grid)).containsExactly("searcher.firstTrial");
    }

    @Test
    void anAutoSearchStartsFromTheBaseSpecsWrittenValuesAndTheSpacesCentre() {
        Api.Response r = api.post("/api/v1/experiments", "{\"baseSpec\": {\"dataset\": {\"builtin\": \"moons\", "
                + "\"samples\": 300}, \"optimizer\": {\"learningRate\": 0.003}, \"model\": {\"dropout\": 0.1}, "
                + "\"training\": {\"epochs\": 2}}, \"searchSpace\": \"auto\", "
                + "\"searcher\": {\"type\": \"tpe\", \"maxTrials\": 1}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        ExperimentWaits.awaitExperiment(api, id, e -> e.get("progress").get("trials").asInt() >= 1, Duration.ofSeconds(60));
        JsonNode trial = api.get("/api/v1/experiments/" + id + "/trials").json().get("items").get(0);
        api.post("/api/v1/experiments/" + id + "/cancel", "");
        JsonNode first = r.json().get("spec").get("searcher").get("firstTrial");
        assertThat(trial.get("hyperparameters")).as("trial 1 is the first trial given").isEqualTo(first);
        assertThat(first.get("optimizer.learningRate").asDouble()).isEqualTo(0.003);
        assertThat(first.get("model.dropout").asDouble()).isEqualTo(0.1);
        // what the base spec leaves out: the centre of its range, not the job default (L2 0, two layers of 64)
        assertThat(first.get("regularization.l2").asDouble()).isCloseTo(1e-3, within(1e-12));
        assertThat(first.get("model.hidden").toString()).isEqualTo("[32]");
        assertThat(first.get("model.activation").asString()).isEqualTo("relu");
    }

    @Test
    void aRefusedExperimentLeavesNothingBehind() {
        long experiments = api.get("/api/v1/experiments?size=1").json().get("totalItems").asLong();
        long jobs = api.get("/api/v1/jobs?size=1").json().get("totalItems").asLong();
        rejected("{" + BASE + ", \"searchSpace\": {\"model.dropout\": {\"type\": \"uniform\", \"min\": 2, \"max\": 3}}}");
        assertThat(api.get("/api/v1/experiments?size=1").json().get("totalItems").asLong()).isEqualTo(experiments);
        assertThat(api.get("/api/v1/jobs?size=1").json().get("totalItems").asLong()).isEqualTo(jobs);
    }

    private JsonNode rejected(String body) {
        Api.Response r = api.post("/api/v1/experiments", body);
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
