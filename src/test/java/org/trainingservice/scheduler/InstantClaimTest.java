package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.SecondNode;
import tools.jackson.databind.JsonNode;

/**
 * A queued job wakes an idle worker at once: PostgreSQL's {@code NOTIFY}, sent in the transaction that queued the job,
 * reaches another node, whose poll interval here is a minute.
 */
class InstantClaimTest extends IntegrationTest {

    @Autowired
    private Worker worker;

    @Test
    void aSubmittedJobWakesTheIdleWorkerOfAnotherNodeWithoutWaitingForItsPoll() {
        worker.stop(); // this node claims nothing meanwhile: only the other node can take the job
        try (SecondNode b = SecondNode.start("node-notify", "--training.worker.poll-interval=60s")) {
            Instant submitted = Instant.now();
            String id = submit("""
                    {"dataset": {"builtin": "moons", "samples": 300}, "model": {"hidden": [8]},
                     "training": {"epochs": 3, "batchSize": 16}}""");
            JsonNode claimed = awaitJob(id, j -> !"QUEUED".equals(j.get("status").asString()), Duration.ofSeconds(15));
            assertThat(claimed.get("node").asString()).isEqualTo(b.nodeId());
            Duration wait = Duration.between(queuedAt(claimed), startedAt(claimed));
            assertThat(wait).as("claimed %s after it was queued, with a poll interval of 60 s", wait)
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(Duration.between(submitted, Instant.now())).isLessThan(Duration.ofSeconds(15));
            JsonNode done = awaitFinal(id, Duration.ofSeconds(120));
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");

            // a polite stop leaves none of its training processes behind, warm ones included
            List<ProcessHandle> children = b.children();
            assertThat(children).as("the node's warm process").isNotEmpty();
            b.terminate(Duration.ofSeconds(60));
            assertThat(children).noneMatch(ProcessHandle::isAlive);
        } finally {
            worker.start();
        }
    }

    private static Instant queuedAt(JsonNode job) {
        return transitionAt(job, "QUEUED");
    }

    private static Instant startedAt(JsonNode job) {
        return transitionAt(job, "RUNNING");
    }

    private static Instant transitionAt(JsonNode job, String status) {
        for (JsonNode t : job.get("transitions")) {
            if (t.get("status").asString().equals(status)) {
                return Instant.parse(t.get("at").asString());
            }
        }
        throw new AssertionError("no " + status + " transition in " + job);
    }
}
