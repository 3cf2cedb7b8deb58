package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** What SIGTERM does to a node's worker (Spring stops the lifecycle beans): checkpoint, hand over, stop in time. */
class GracefulStopTest extends IntegrationTest {

    @Autowired
    private Worker worker;

    @Test
    void aStoppingWorkerCheckpointsMidEpochAndGivesItsJobBackAtOnce() {
        // epochs long enough (thousands of steps) that the stop, sent once epoch 1 is reported, lands inside epoch 2 rather
        // than in the evaluation between two epochs
        String id = submit("""
                {"dataset": {"builtin": "moons", "samples": 8000}, "model": {"hidden": [32]},
                 "training": {"epochs": 3000, "batchMode": "stochastic"}, "checkpoint": {"everyEpochs": 100}}""");
        awaitJob(id, j -> j.get("progress").get("epoch").asInt() >= 1, Duration.ofSeconds(60));
        Instant stopping = Instant.now();
        try {
            worker.stop();
            assertThat(Duration.between(stopping, Instant.now())).isLessThan(Duration.ofSeconds(10));
            JsonNode released = job(id);
            assertThat(released.get("status").asString()).isEqualTo("QUEUED");
            assertThat(released.get("transitions").toString())
                    .contains("test-node shut down; queued again to continue from the checkpoint it took on the way out");
            JsonNode checkpoints = api.get("/api/v1/jobs/" + id + "/checkpoints").json();
            assertThat(checkpoints.get(checkpoints.size() - 1).get("batchesDone").asInt()).as("a mid-epoch checkpoint")
                    .isGreaterThan(0);
        } finally {
            worker.start();
        }
        JsonNode resumed = awaitJob(id, j -> "RUNNING".equals(j.get("status").asString()) && j.get("attempt").asInt() == 2,
                Duration.ofSeconds(30));
        assertThat(resumed.get("node").asString()).isEqualTo("test-node");
        api.post("/api/v1/jobs/" + id + "/cancel", "");
        assertThat(awaitFinal(id, Duration.ofSeconds(30)).get("status").asString()).isEqualTo("CANCELLED");
    }
}
