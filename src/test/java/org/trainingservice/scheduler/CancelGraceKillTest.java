package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.TrainingProcesses;
import tools.jackson.databind.JsonNode;

/**
 * A training process that does not stop when cancelled (here: frozen with SIGSTOP, so it cannot read the command) is
 * killed once {@code training.worker.cancel-grace} (3 s in the tests) has passed, and its job still ends CANCELLED.
 */
class CancelGraceKillTest extends IntegrationTest {

    @Autowired
    private WarmProcesses warm;

    @Test
    void aProcessThatIgnoresTheCancelIsKilledAfterTheGracePeriod() throws Exception {
        String id = submit("""
                {"dataset": {"builtin": "moons", "samples": 1000}, "model": {"hidden": [16]},
                 "training": {"epochs": 2000, "batchSize": 4}}""");
        awaitJob(id, j -> j.get("status").asString().equals("RUNNING") && j.path("progress").path("epoch").asInt() >= 1,
                Duration.ofSeconds(60));
        List<ProcessHandle> training = TrainingProcesses.withAJob(warm);
        assertThat(training).hasSize(1);
        ProcessHandle process = training.get(0);
        signal("STOP", process.pid());
        try {
            assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
            JsonNode done = awaitFinal(id, Duration.ofSeconds(60));
            assertThat(done.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(process.onExit().get().isAlive()).isFalse();
            JsonNode last = done.get("transitions").get(done.get("transitions").size() - 1);
            assertThat(last.get("message").asString()).contains("killed after the grace period");
            Duration waited = Duration.between(at(done, "CANCELLING"), at(done, "CANCELLED"));
            assertThat(waited).as("the kill waits for the grace period").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        } finally {
            if (process.isAlive()) {
                signal("CONT", process.pid());
            }
        }
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor()).isZero();
    }

    private static Instant at(JsonNode job, String status) {
        for (JsonNode t : job.get("transitions")) {
            if (t.get("status").asString().equals(status)) {
                return Instant.parse(t.get("at").asString());
            }
        }
        throw new AssertionError("no " + status + " transition in " + job);
    }
}
