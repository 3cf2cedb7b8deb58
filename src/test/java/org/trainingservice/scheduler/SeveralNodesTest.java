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
            // each node has one slot: two long jobs running at once are one on each node, each claimed exactly once
            String first = submit(LONG.formatted("shared-1"));
            String second = submit(LONG.formatted("shared-2"));
            awaitJob(first, j -> "RUNNING".equals(j.get("status").asString()), Duration.ofSeconds(60));
            awaitJob(second, j -> "RUNNING".equals(j.get("status").asString()), Duration.ofSeconds(60));
            Set<String> nodes = new HashSet<>(List.of(job(first).get("node").asString(), job(second).get("node").asString()));
            assertThat(nodes).containsExactlyInAnyOrder("test-node", "node-b");
            for (String id : List.of(first, second)) {
                assertThat(statuses(job(id)).stream().filter("RUNNING"::equals).count()).as("claimed once").isEqualTo(1);
            }
            assertThat(api.get("/api/v1/nodes").body()).contains("test-node", "node-b");

            // a node that dies stops renewing its lease; another node takes the job over from its last checkpoint
            String onB = "node-b".equals(job(first).get("node").asString()) ? first : second;
            cancel(onB.equals(first) ? second : first);
            int checkpointed = awaitCheckpointOfEpoch(onB, 1, Duration.ofSeconds(60));
            b.kill();
            JsonNode resumed = awaitJob(onB, j -> "RUNNING".equals(j.get("status").asString())
                    && "test-node".equals(j.get("node").asString()) && j.get("attempt").asInt() == 2,
                    Duration.ofSeconds(60));
            assertThat(resumed.get("transitions").toString()).contains("node-b stopped renewing the lease");
            awaitJob(onB, j -> j.get("progress").get("epoch").asInt() > resumed.get("progress").get("epoch").asInt(),
                    Duration.ofSeconds(60));
            // epochs continue without gaps or repeats, and the ones node-b checkpointed were not trained again
            assertResumedAfterEpoch(onB, "train_loss", checkpointed);
            cancel(onB);
        }
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
