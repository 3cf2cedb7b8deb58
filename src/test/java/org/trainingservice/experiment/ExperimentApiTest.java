package org.trainingservice.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Experiments over real HTTP with real training: ASHA's pauses and exact promotions, cancel, tenants. */
class ExperimentApiTest extends IntegrationTest {

    private static final Set<String> FINAL_EXPERIMENT = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    /** 9 trials, rungs at 1, 3 and 9 epochs: with η = 3 a third of each rung goes on. */
    private static final String ASHA = """
            {"name": "moons-asha",
             "baseSpec": {"dataset": {"builtin": "moons", "samples": 400, "noise": 0.25},
                          "model": {"hidden": [16]}, "training": {"epochs": 9, "batchSize": 32, "seed": 7}},
             "searchSpace": {"optimizer.learningRate": {"type": "loguniform", "min": 0.0005, "max": 0.3},
                             "model.hidden": {"type": "choice", "values": [[4], [16], [32, 32]]}},
             "searcher": {"type": "asha", "maxTrials": 9, "maxConcurrentTrials": 2, "seed": 3,
                          "minEpochs": 1, "reductionFactor": 3},
             "objective": {"metric": "val_loss"}}""";

    @Test
    void ashaPausesTrialsAtRungsAndPromotedTrialsContinueExactlyWhereTheyPaused() {
        Api.Response created = api.post("/api/v1/experiments", ASHA);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/experiments/" + id);
        JsonNode done = awaitExperiment(id, e -> FINAL_EXPERIMENT.contains(e.get("status").asString()),
                Duration.ofMinutes(6));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");

        JsonNode board = api.get("/api/v1/experiments/" + id + "/trials?size=50").json();
        assertThat(board.get("totalItems").asInt()).isEqualTo(9);
        Map<Integer, JsonNode> rows = new HashMap<>();
        board.get("items").forEach(r -> rows.put(r.get("trialNumber").asInt(), r));
        // rung 1: all 9; rung 3: the top 3 of 9 at least; rung 9: the top 1 of 3 at least
        long reachedThree = rows.values().stream().filter(r -> r.get("epochsRun").asInt() >= 3).count();
        long reachedNine = rows.values().stream().filter(r -> r.get("epochsRun").asInt() == 9).count();
        assertThat(reachedThree).isBetween(3L, 6L);
        assertThat(reachedNine).isBetween(1L, 2L);
        long pruned = rows.values().stream().filter(r -> "pruned".equals(r.path("stopReason").asString(null))).count();
        assertThat(pruned).isEqualTo(9 - reachedNine);
        assertThat(done.get("counts").get("pruned").asLong()).isEqualTo(pruned);
        assertThat(done.get("counts").get("succeeded").asLong()).isEqualTo(reachedNine);
        // far fewer epochs than 9 full trials: every trial's epochs count once (promotions continue, never retrain)
        long epochs = rows.values().stream().mapToLong(r -> r.get("epochsRun").asLong()).sum();
        assertThat(epochs).isEqualTo(done.get("progress").get("epochsUsed").asLong()).isLessThanOrEqualTo(81 * 40 / 100);

        // the leaderboard is sorted best first, and the experiment's best is its head among full-length trials
        List<Double> objectives = new ArrayList<>();
        board.get("items").forEach(r -> objectives.add(r.get("objective").asDouble()));
        assertThat(objectives).isSorted();
        JsonNode winner = rows.values().stream().filter(r -> r.get("epochsRun").asInt() == 9)
                .min((a, b) -> Double.compare(a.get("objective").asDouble(), b.get("objective").asDouble())).orElseThrow();
        assertThat(done.get("best").get("trialNumber").asInt()).isEqualTo(winner.get("trialNumber").asInt());

        // the winner paused twice and was promoted twice, continuing from its checkpoints
        String trialJob = winner.get("jobId").asString();
        JsonNode trial = job(trialJob);
        assertThat(trial.get("experiment").get("id").asString()).isEqualTo(id);
        assertThat(trial.get("experiment").get("hyperparameters")).isEqualTo(winner.get("hyperparameters"));
        List<String> statuses = new ArrayList<>();
        trial.get("transitions").forEach(t -> statuses.add(t.get("status").asString()));
        assertThat(statuses).containsSubsequence("RUNNING", "PAUSED", "QUEUED", "RUNNING", "PAUSED", "QUEUED", "RUNNING",
                "SUCCEEDED");
        assertThat(trial.get("transitions").toString()).contains("resumes from checkpoint").contains("end of epoch 3");
        // its history has each epoch once, 1 to 9, without gaps or duplicates
        List<Integer> epochsSeen = new ArrayList<>();
        api.get("/api/v1/jobs/" + trialJob + "/metrics?name=val_loss&limit=100").json().get("points")
                .forEach(p -> epochsSeen.add(p.get("epoch").asInt()));
        assertThat(epochsSeen).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);

        // and it ends with exactly the bits of an uninterrupted run of the same spec
        JsonNode spec = trial.get("spec");
        String plain = submit(spec.toString());
        JsonNode uninterrupted = awaitFinal(plain, Duration.ofMinutes(2));
        assertThat(uninterrupted.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(uninterrupted.get("result").get("metrics")).isEqualTo(trial.get("result").get("metrics"));
        String instances = "{\"instances\": [[0.1, 0.2], [1.5, -0.4], [-0.7, 0.9]]}";
        assertThat(api.post("/api/v1/experiments/" + id + "/predict", instances).json().get("probabilities"))
                .isEqualTo(api.post("/api/v1/jobs/" + plain + "/predict", instances).json().get("probabilities"));

        List<String> events = new ArrayList<>();
        api.get("/api/v1/experiments/" + id + "/events").body().lines().filter(l -> l.startsWith("event:"))
                .forEach(l -> events.add(l.substring(6).trim()));
        assertThat(events).contains("trial_started", "trial_reported", "trial_promoted", "trial_pruned", "best_changed")
                .endsWith("finished");
        assertThat(events.stream().filter("trial_started"::equals).count()).isEqualTo(9);
    }

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
        awaitExperiment(id, e -> FINAL_EXPERIMENT.contains(e.get("status").asString()), Duration.ofMinutes(2));
    }

    private JsonNode awaitExperiment(String id, Predicate<JsonNode> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode e = api.get("/api/v1/experiments/" + id).json();
        while (!condition.test(e)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("experiment " + id + " did not reach the expected state in " + timeout + ": " + e);
            }
            sleep(200);
            e = api.get("/api/v1/experiments/" + id).json();
        }
        return e;
    }
}
