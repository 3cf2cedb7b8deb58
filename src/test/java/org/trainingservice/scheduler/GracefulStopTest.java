package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.SecondNode;
import tools.jackson.databind.JsonNode;

/** What SIGTERM does to a node: its worker checkpoints mid-epoch, hands the job back, and the process exits. */
class GracefulStopTest extends IntegrationTest {

    // epochs long enough (thousands of steps) that the SIGTERM, sent once epoch 1 is reported, lands inside epoch 2
    // rather than in the evaluation between two epochs
    private static final String LONG = """
            {"name": "%s", "dataset": {"builtin": "moons", "samples": 8000}, "model": {"hidden": [32]},
             "training": {"epochs": 3000, "batchMode": "stochastic"}, "checkpoint": {"everyEpochs": 100}}""";

    @Test
    void aNodeSentSigtermCheckpointsMidEpochHandsItsJobBackAndAnotherNodeContinuesFromThere() {
        // this node's one slot is busy, so the job submitted next can only go to the second node
        String blocker = submit(LONG.formatted("blocker"));
        awaitJob(blocker, j -> "RUNNING".equals(j.get("status").asString()), Duration.ofSeconds(60));
        String id;
        int completedAtStop;
        try (SecondNode stopping = SecondNode.start("node-stopping")) {
            id = submit(LONG.formatted("handed-over"));
            awaitJob(id, j -> j.get("progress").get("epoch").asInt() >= 1, Duration.ofSeconds(120));
            assertThat(job(id).get("node").asString()).isEqualTo("node-stopping");
            Duration exit = stopping.terminate(Duration.ofSeconds(60));
            JsonNode released = job(id);
            assertThat(released.get("status").asString()).as("released after %s", exit).isEqualTo("QUEUED");
            assertThat(released.get("transitions").toString())
                    .contains("node-stopping shut down; queued again to continue from the checkpoint it took on the way out");
            JsonNode checkpoints = api.get("/api/v1/jobs/" + id + "/checkpoints").json();
            JsonNode last = checkpoints.get(checkpoints.size() - 1);
            assertThat(last.get("batchesDone").asInt()).as("a mid-epoch checkpoint").isGreaterThan(0);
            completedAtStop = last.get("epoch").asInt();
            assertThat(completedAtStop).as("epochs completed when it was taken").isGreaterThanOrEqualTo(1);
        }
        // free this node's slot: the handed-over job continues here, inside the epoch where the stop found it
        api.post("/api/v1/jobs/" + blocker + "/cancel", "");
        awaitFinal(blocker, Duration.ofSeconds(60));
        JsonNode resumed = awaitJob(id, j -> "RUNNING".equals(j.get("status").asString()) && j.get("attempt").asInt() == 2,
                Duration.ofSeconds(60));
        assertThat(resumed.get("node").asString()).isEqualTo("test-node");
        awaitJob(id, j -> j.get("progress").get("epoch").asInt() > completedAtStop, Duration.ofSeconds(120));
        assertThat(assertResumedAfterEpoch(id, "train_loss", completedAtStop)).isEqualTo(completedAtStop);
        api.post("/api/v1/jobs/" + id + "/cancel", "");
        assertThat(awaitFinal(id, Duration.ofSeconds(60)).get("status").asString()).isEqualTo("CANCELLED");
    }
}
