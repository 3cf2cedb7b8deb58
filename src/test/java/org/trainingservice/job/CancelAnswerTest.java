package org.trainingservice.job;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** The 202 of a cancel shows the state the cancel led to, not the one before it. */
class CancelAnswerTest extends IntegrationTest {

    @Test
    void cancellingARunningJobAnswersCancellingAndAQueuedOneCancelled() {
        String running = submit("{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"epochs\": 3000, \"batchMode\": \"stochastic\"}}");
        awaitJob(running, j -> "RUNNING".equals(j.get("status").asString()) && j.get("progress").get("epoch").asInt() >= 1,
                Duration.ofSeconds(120));
        // the slot is busy: this one waits in the queue
        String queued = submit("{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"epochs\": 1}}");
        assertThat(job(queued).get("status").asString()).isEqualTo("QUEUED");

        Api.Response cancelQueued = api.post("/api/v1/jobs/" + queued + "/cancel", "");
        assertThat(cancelQueued.status()).isEqualTo(202);
        assertThat(cancelQueued.json().get("status").asString()).isEqualTo("CANCELLED");

        Api.Response cancelRunning = api.post("/api/v1/jobs/" + running + "/cancel", "");
        assertThat(cancelRunning.status()).isEqualTo(202);
        JsonNode answer = cancelRunning.json();
        assertThat(answer.get("status").asString()).as(answer.toString()).isIn("CANCELLING", "CANCELLED");
        assertThat(awaitFinal(running, Duration.ofSeconds(60)).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(api.post("/api/v1/jobs/" + running + "/cancel", "").status()).isEqualTo(409);
    }
}
