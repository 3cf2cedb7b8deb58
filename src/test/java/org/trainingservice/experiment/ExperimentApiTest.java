package org.trainingservice.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Experiments over real HTTP with real training: cancel, tenants and ensemble predictions. ASHA's pauses, exact promotions and its budget
 * against a random search of the same trials are in {@link AshaAgainstRandomSearchTest}.
 */
class ExperimentApiTest extends IntegrationTest {

    @Test
    void cancelStopsProposingAndCancelsEveryTrial() {
        String body = """
                {"baseSpec": {"dataset": {"builtin": "moons", "samples": 2000}, "model": {"hidden": [64, 64]},
                              "training": {"epochs": 500, "batchMode": "stochastic"}},
                 "searchSpace": {"model.dropout": {"type": "uniform", "min": 0.0, "max": 0.3}},
                 "searcher": {"type": "random", "maxTrials": 6, "maxConcurrentTrials": 2}}""";
        String id = api.post("/api/v1/experiments", body).json().get("id").asString();
        awaitExperiment(id, e -> e.get("counts").get("running").asLong() >= 1, Duration.ofMinutes(2));
        Api.Response cancelled = api.post("/api/v1/experiments/" + id + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(cancelled.json().get("status").asString()).isIn("CANCELLING", "CANCELLED");
        JsonNode done = awaitExperiment(id, e -> e.get("status").asString().equals("CANCELLED"), Duration.ofMinutes(1));
        assertThat(done.get("progress").get("trials").asInt()).isEqualTo(2);
        assertThat(done.get("counts").get("cancelled").asLong()).isEqualTo(2);
        api.get("/api/v1/experiments/" + id + "/trials").json().get("items")
                .forEach(r -> assertThat(r.get("status").asString()).isEqualTo("CANCELLED"));
        assertThat(api.post("/api/v1/experiments/" + id + "/cancel", "").status()).isEqualTo(409);
    }

    @Test
    void aTenantSeesOnlyItsOwnExperiments() {
        Api.Response key = api.post("/api/v1/admin/api-keys", "{\"tenant\": \"experiment-stranger\", \"role\": \"user\"}");
        Api stranger = api.as(key.json().get("key").asString());
        String id = api.post("/api/v1/experiments", """
                {"baseSpec": {"dataset": {"builtin": "moons", "samples": 200}, "training": {"epochs": 2}},
                 "searchSpace": {"model.dropout": {"type": "uniform", "min": 0.0, "max": 0.3}},
                 "searcher": {"type": "random", "maxTrials": 1}}""").json().get("id").asString();
        for (String path : List.of("", "/trials", "/events")) {
            assertThat(stranger.get("/api/v1/experiments/" + id + path).status()).as(path).isEqualTo(404);
        }
        assertThat(stranger.post("/api/v1/experiments/" + id + "/cancel", "").status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/experiments").json().get("totalItems").asLong()).isZero();
        ExperimentWaits.awaitFinished(api, id, Duration.ofMinutes(2));
    }

    @Test
    void anEnsembleAnswersWithTheMeanOfTheBestTrialsProbabilitiesAndNamesThem() {
        String id = api.post("/api/v1/experiments", """
                {"baseSpec": {"dataset": {"builtin": "moons", "samples": 300, "noise": 0.3}, "model": {"hidden": [8]},
                              "training": {"epochs": 4, "seed": 5}},
                 "searchSpace": {"optimizer.learningRate": {"type": "loguniform", "min": 0.002, "max": 0.2}},
                 "searcher": {"type": "random", "maxTrials": 3, "maxConcurrentTrials": 1, "seed": 2}}""")
                .json().get("id").asString();
        assertThat(ExperimentWaits.awaitFinished(api, id, Duration.ofMinutes(3)).get("status").asString())
                .isEqualTo("SUCCEEDED");
        List<JsonNode> board = new ArrayList<>();
        api.get("/api/v1/experiments/" + id + "/trials?sort=objective&order=best").json().get("items").forEach(board::add);
        String instances = "{\"instances\": [[0.0, 0.5], [1.0, -0.4], [0.5, 0.25], [-0.8, 0.6]]}";
        List<JsonNode> alone = board.stream().map(r -> api.post("/api/v1/jobs/" + r.get("jobId").asString() + "/predict",
                instances).json()).toList();

        JsonNode mean = api.post("/api/v1/experiments/" + id + "/predict?ensemble=3", instances).json();
        assertThat(mean.get("trials")).extracting(JsonNode::asInt)
                .containsExactlyElementsOf(board.stream().map(r -> r.get("trialNumber").asInt()).toList());
        List<String> classes = new ArrayList<>();
        mean.get("classes").forEach(c -> classes.add(c.asString()));
        boolean differsFromTheBest = false;
        for (int row = 0; row < 4; row++) {
            int highest = 0;
            for (int c = 0; c < classes.size(); c++) {
                double sum = 0;
                for (JsonNode a : alone) {
                    sum += a.get("probabilities").get(row).get(c).asDouble();
                }
                double p = mean.get("probabilities").get(row).get(c).asDouble();
                assertThat(p).isCloseTo(sum / 3, within(1e-12));
                differsFromTheBest |= Math.abs(p - alone.get(0).get("probabilities").get(row).get(c).asDouble()) > 1e-4;
                if (p > mean.get("probabilities").get(row).get(highest).asDouble()) {
                    highest = c;
                }
            }
            assertThat(mean.get("predictions").get(row).asString()).isEqualTo(classes.get(highest));
        }
        assertThat(differsFromTheBest).as("the trials' models disagree, so the mean is not the best one's").isTrue();

        JsonNode two = api.post("/api/v1/experiments/" + id + "/predict?ensemble=2", instances).json();
        assertThat(two.get("trials")).extracting(JsonNode::asInt).containsExactly(board.get(0).get("trialNumber").asInt(),
                board.get(1).get("trialNumber").asInt());
        assertThat(api.post("/api/v1/experiments/" + id + "/predict?ensemble=20", instances).json().get("trials"))
                .hasSize(3);
        JsonNode best = api.post("/api/v1/experiments/" + id + "/predict", instances).json();
        assertThat(best.get("trials")).extracting(JsonNode::asInt).containsExactly(board.get(0).get("trialNumber").asInt());
        assertThat(best.get("probabilities")).isEqualTo(alone.get(0).get("probabilities"));
        for (String bad : List.of("0", "21")) {
            Api.Response refused = api.post("/api/v1/experiments/" + id + "/predict?ensemble=" + bad, instances);
            assertThat(refused.status()).isEqualTo(400);
            JsonNode error = refused.json().get("errors").get(0);
            assertThat(error.get("field").asString()).isEqualTo("ensemble");
            assertThat(error.get("message").asString()).contains("between 1 and 20");
        }
    }

    private JsonNode awaitExperiment(String id, Predicate<JsonNode> condition, Duration timeout) {
        return ExperimentWaits.awaitExperiment(api, id, condition, timeout);
    }
}
