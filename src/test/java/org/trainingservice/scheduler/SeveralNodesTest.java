package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.SecondNode;
import tools.jackson.databind.JsonNode;

/**
 * This test's node ("test-node") and a second node process share one PostgreSQL and one queue. (A node stopped
 * politely is {@link GracefulStopTest}'s subject.)
 */
class SeveralNodesTest extends IntegrationTest {

    private static final String LONG = """
            {"name": "%s", "dataset": {"builtin": "moons", "samples": 500}, "model": {"hidden": [32]},
             "training": {"epochs": 3000, "batchMode": "stochastic"}, "checkpoint": {"everyEpochs": 1}}""";

    @Test
    void twoNodesShareTheQueueAndAJobOfANodeThatDiesMovesToTheOther() {
        try (SecondNode b = SecondNode.start("node-b")) {
            List<String> queue = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                queue.add(submit("""
                        {"dataset": {"builtin": "moons", "samples": 400}, "model": {"hidden": [16]},
                         "training": {"epochs": 3, "batchSize": 8}}"""));
            }
            Set<String> nodes = new HashSet<>();
            for (String id : queue) {
                JsonNode job = awaitFinal(id, Duration.ofSeconds(120));
                assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
                assertThat(statuses(job).stream().filter("RUNNING"::equals).count()).as("ran exactly once").isEqualTo(1);
                nodes.add(job.get("node").asString());
            }
            assertThat(nodes).containsExactlyInAnyOrder("test-node", "node-b");
            assertThat(api.get("/api/v1/nodes").body()).contains("test-node", "node-b");

            // a node that dies stops renewing its lease; another node takes the job over from its last checkpoint
            String onB = runOneJobOn("node-b", "crash");
            awaitJob(onB, j -> j.get("progress").get("epoch").asInt() >= 1, Duration.ofSeconds(60));
            b.kill();
            JsonNode resumed = awaitJob(onB, j -> "RUNNING".equals(j.get("status").asString())
                    && "test-node".equals(j.get("node").asString()) && j.get("attempt").asInt() == 2,
                    Duration.ofSeconds(60));
            assertThat(resumed.get("attempt").asInt()).isEqualTo(2);
            assertThat(resumed.get("transitions").toString()).contains("node-b stopped renewing the lease");
            awaitJob(onB, j -> j.get("progress").get("epoch").asInt() > resumed.get("progress").get("epoch").asInt(),
                    Duration.ofSeconds(30));
            List<Integer> epochs = new ArrayList<>();
            api.get("/api/v1/jobs/" + onB + "/metrics?name=train_loss").json().get("points")
                    .forEach(p -> epochs.add(p.get("epoch").asInt()));
            for (int i = 0; i < epochs.size(); i++) {
                assertThat(epochs.get(i)).as("epochs %s continue without gaps or repeats", epochs).isEqualTo(i + 1);
            }
            cancel(onB);
        }
    }

    /** Submits two long jobs so that each node takes one, cancels the one on the other node, returns the one on {@code node}. */
    private String runOneJobOn(String node, String name) {
        String first = submit(LONG.formatted(name + "-1"));
        awaitJob(first, j -> "RUNNING".equals(j.get("status").asString()), Duration.ofSeconds(60));
        String second = submit(LONG.formatted(name + "-2"));
        awaitJob(second, j -> "RUNNING".equals(j.get("status").asString()), Duration.ofSeconds(60));
        boolean firstOnNode = node.equals(job(first).get("node").asString());
        String keep = firstOnNode ? first : second;
        cancel(firstOnNode ? second : first);
        assertThat(job(keep).get("node").asString()).isEqualTo(node);
        return keep;
    }

    private void cancel(String id) {
        api.post("/api/v1/jobs/" + id + "/cancel", "");
        awaitFinal(id, Duration.ofSeconds(30));
    }

    private static List<String> statuses(JsonNode job) {
        List<String> statuses = new ArrayList<>();
        job.get("transitions").forEach(t -> statuses.add(t.get("status").asString()));
        return statuses;
    }
}
