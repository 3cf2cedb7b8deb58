package org.trainingservice.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Experiments over real HTTP with real training: cancel and tenants. ASHA's pauses, exact promotions and its budget
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

    private JsonNode awaitExperiment(String id, Predicate<JsonNode> condition, Duration timeout) {
        return ExperimentWaits.awaitExperiment(api, id, condition, timeout);
    }
}
