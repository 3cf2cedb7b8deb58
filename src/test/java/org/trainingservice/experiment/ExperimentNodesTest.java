package org.trainingservice.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.SecondNode;
import tools.jackson.databind.JsonNode;

/** Two nodes advance one experiment; one of them dies in the middle; nothing is run twice and nothing is lost. */
class ExperimentNodesTest extends IntegrationTest {

    private static final String ASHA = """
            {"baseSpec": {"dataset": {"builtin": "moons", "samples": 1500}, "model": {"hidden": [32]},
                          "training": {"epochs": 4, "batchSize": 4}, "checkpoint": {"everyEpochs": 1}},
             "searchSpace": {"optimizer.learningRate": {"type": "loguniform", "min": 0.001, "max": 0.05}},
             "searcher": {"type": "asha", "maxTrials": 6, "maxConcurrentTrials": 2, "seed": 5,
                          "minEpochs": 1, "reductionFactor": 2}}""";

    @Test
    void twoNodesShareAnExperimentAndOneThatDiesLosesNoTrial() {
        String id;
        String killedTrial;
        try (SecondNode b = SecondNode.start("exp-node-b")) {
            id = api.post("/api/v1/experiments", ASHA).json().get("id").asString();
            // any moment of a trial's attempt on node b: a rung-0 attempt ends the moment its epoch is reported (its
            // process is kept for the next trial), so "after epoch 1" can come and go between two looks
            JsonNode onB = awaitTrial(id, t -> "exp-node-b".equals(t.path("node").asString(null))
                    && "RUNNING".equals(t.get("status").asString()));
            killedTrial = onB.get("id").asString();
            b.kill();
        }
        JsonNode done = awaitExperiment(id, e -> Set.of("SUCCEEDED", "FAILED").contains(e.get("status").asString()));
        List<String> messages = new ArrayList<>();
        api.get("/api/v1/experiments/" + id + "/trials?size=50").json().get("items").forEach(r -> messages.add(
                r.get("trialNumber") + ": " + job(r.get("jobId").asString()).get("transitions")));
        assertThat(done.get("status").asString()).as(done + "\n" + String.join("\n", messages)).isEqualTo("SUCCEEDED");

        JsonNode board = api.get("/api/v1/experiments/" + id + "/trials?sort=trialNumber&order=asc").json();
        List<Integer> numbers = new ArrayList<>();
        Set<String> nodes = new HashSet<>();
        for (JsonNode row : board.get("items")) {
            numbers.add(row.get("trialNumber").asInt());
            assertThat(row.get("status").asString()).isEqualTo("SUCCEEDED");
            JsonNode trial = job(row.get("jobId").asString());
            List<String> statuses = new ArrayList<>();
            trial.get("transitions").forEach(t -> {
                statuses.add(t.get("status").asString());
                if (t.hasNonNull("node")) {
                    nodes.add(t.get("node").asString());
                }
            });
            // every pause is followed by at most one promotion: no trial was promoted twice
            for (int i = 0; i < statuses.size(); i++) {
                if (statuses.get(i).equals("PAUSED") && i + 1 < statuses.size()) {
                    assertThat(statuses.get(i + 1)).as(statuses.toString()).isIn("QUEUED", "SUCCEEDED");
                }
            }
            long promotions = countPromotions(statuses);
            long lostLeases = trial.get("transitions").findValuesAsString("message").stream()
                    .filter(m -> m != null && m.contains("stopped renewing the lease")).count();
            long runs = statuses.stream().filter("RUNNING"::equals).count();
            assertThat(runs).as("trial %s ran once per rung, plus once per lost node: %s", row.get("trialNumber"),
                    statuses).isEqualTo(1 + promotions + lostLeases);
        }
        assertThat(numbers).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(nodes).contains("test-node", "exp-node-b");

        JsonNode killed = job(killedTrial);
        // another node took the killed trial over (from its checkpoint if the kill came after one, else from the start)
        assertThat(killed.get("transitions").toString()).contains("exp-node-b stopped renewing the lease")
                .contains("\"node\":\"test-node\"");
        List<Integer> epochs = new ArrayList<>();
        api.get("/api/v1/jobs/" + killedTrial + "/metrics?name=val_loss").json().get("points")
                .forEach(p -> epochs.add(p.get("epoch").asInt()));
        for (int i = 0; i < epochs.size(); i++) {
            assertThat(epochs.get(i)).as("epochs %s continue without gaps or repeats", epochs).isEqualTo(i + 1);
        }
    }

    private static long countPromotions(List<String> statuses) {
        long n = 0;
        for (int i = 1; i < statuses.size(); i++) {
            if (statuses.get(i - 1).equals("PAUSED") && statuses.get(i).equals("QUEUED")) {
                n++;
            }
        }
        return n;
    }

    private JsonNode awaitTrial(String experiment, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        List<String> seen = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            seen.clear();
            for (JsonNode row : api.get("/api/v1/experiments/" + experiment + "/trials?size=50").json().get("items")) {
                JsonNode trial = job(row.get("jobId").asString());
                if (condition.test(trial)) {
                    return trial;
                }
                seen.add(row.get("trialNumber") + " " + trial.get("status").asString() + " on "
                        + trial.path("node").asString(null) + ", epoch " + trial.get("progress").get("epoch"));
            }
            sleep(50);
        }
        throw new AssertionError("no trial of " + experiment + " reached the expected state: " + seen);
    }

    private JsonNode awaitExperiment(String id, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        JsonNode e = api.get("/api/v1/experiments/" + id).json();
        while (!condition.test(e)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("experiment " + id + " did not end: " + e);
            }
            sleep(300);
            e = api.get("/api/v1/experiments/" + id).json();
        }
        return e;
    }
}
