package org.trainingservice.job;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.trainingservice.scheduler.WarmProcesses;
import org.trainingservice.support.TrainingProcesses;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

class JobFailureAndCancelTest extends IntegrationTest {

    @Autowired
    private WarmProcesses warm;

    private static final String LONG_JOB = """
            {"dataset": {"builtin": "moons", "samples": 2000}, "model": {"hidden": [64, 64]},
             "training": {"epochs": 2000, "batchMode": "stochastic"}}""";

    @AfterEach
    void cancelWhatIsLeft() {
        api.get("/api/v1/jobs?status=QUEUED,RUNNING&size=200").json().get("items")
                .forEach(j -> api.post("/api/v1/jobs/" + j.get("id").asString() + "/cancel", ""));
        awaitNoTrainingProcess();
    }

    @Test
    void cancellingARunningJobEndsItCancelledWithinSecondsAndItsProcessIsGone() {
        String id = submit(LONG_JOB);
        awaitJob(id, j -> j.get("progress").get("epoch").asInt() >= 1, Duration.ofSeconds(120));
        assertThat(trainingProcesses()).hasSize(1);
        assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
        JsonNode job = awaitFinal(id, Duration.ofSeconds(60));
        assertThat(job.get("status").asString()).isEqualTo("CANCELLED");
        awaitNoTrainingProcess();
        assertThat(job.get("transitions").toString()).contains("CANCELLING");
        assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(409);
    }

    @Test
    void cancellingABaggingJobDuringMemberThreeEndsItPromptly() {
        String id = submit("""
                {"dataset": {"builtin": "moons", "samples": 300}, "model": {"hidden": [16]},
                 "training": {"epochs": 40, "batchMode": "stochastic"}, "ensemble": {"method": "bagging", "members": 5}}""");
        JsonNode running = awaitJob(id, j -> "member 3/5".equals(j.get("progress").path("label").asString(null)),
                Duration.ofSeconds(180));
        double fraction = running.get("progress").get("fraction").asDouble();
        assertThat(fraction).isBetween(0.4, 0.6);
        api.post("/api/v1/jobs/" + id + "/cancel", "");
        // where the job was once the cancel was accepted: member 3, or 4 if 3 finished just then
        int memberAtCancel = Integer.parseInt(job(id).get("progress").get("label").asString().replaceAll("member (\\d)/5", "$1"));
        JsonNode job = awaitFinal(id, Duration.ofSeconds(60));
        assertThat(job.get("status").asString()).isEqualTo("CANCELLED");
        JsonNode members = api.get("/api/v1/jobs/" + id + "/metrics?name=val_loss&limit=5000").json().get("points");
        List<Integer> seen = new java.util.ArrayList<>();
        members.forEach(p -> seen.add(p.get("member").asInt()));
        // no member after the one that was training when the cancel came: it stopped that member, not the job's end
        assertThat(seen).contains(1, 2, 3).doesNotContain(5);
        assertThat(seen.stream().mapToInt(Integer::intValue).max().orElseThrow()).isLessThanOrEqualTo(memberAtCancel);
    }

    @Test
    void aQueuedJobIsCancelledAtOnce() {
        String blocker = submit(LONG_JOB);
        String queued = submit("{\"dataset\": {\"builtin\": \"xor\"}}");
        assertThat(job(queued).get("status").asString()).isEqualTo("QUEUED");
        assertThat(api.post("/api/v1/jobs/" + queued + "/cancel", "").status()).isEqualTo(202);
        assertThat(job(queued).get("status").asString()).isEqualTo("CANCELLED");
        api.post("/api/v1/jobs/" + blocker + "/cancel", "");
        assertThat(awaitFinal(blocker, Duration.ofSeconds(20)).get("status").asString()).isEqualTo("CANCELLED");
        awaitNoTrainingProcess();
    }

    @Test
    void aTrainingProcessKilledOnEveryAttemptFailsTheJobWithAClearMessage() {
        String id = submit(LONG_JOB);
        JsonNode job = job(id);
        java.util.Set<Long> killed = new java.util.HashSet<>();
        Instant deadline = Instant.now().plusSeconds(180);
        while (!FINAL.contains(job.get("status").asString()) && Instant.now().isBefore(deadline)) {
            for (ProcessHandle child : trainingProcesses()) {
                if (killed.add(child.pid())) {
                    // mid-training: once this process has reported an epoch, not before its engine loaded
                    awaitPointAfter(id, Instant.now(), child);
                    child.destroyForcibly();
                }
            }
            sleep(100);
            job = job(id);
        }
        int kills = killed.size();
        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(kills).isEqualTo(3);
        assertThat(job.get("attempt").asInt()).isEqualTo(3);
        assertThat(job.get("statusMessage").asString())
                .contains("training process ended unexpectedly")
                .contains("signal 9")
                .contains("gave up after 3 attempts");
        assertThat(job.get("transitions").toString()).contains("resume from its latest checkpoint (attempt 2 of 3)");
    }

    @Test
    void aDivergingRunFailsWithTheEpochAndAHint() {
        String id = submit("""
                {"dataset": {"builtin": "moons", "samples": 300}, "optimizer": {"type": "sgd", "learningRate": 1e8},
                 "model": {"hidden": [32]}, "training": {"epochs": 20}}""");
        JsonNode job = awaitFinal(id, Duration.ofSeconds(120));
        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("statusMessage").asString()).contains("diverged").contains("epoch 1").contains("learning rate");
    }

    /** Waits until job {@code id} has a metric point written after {@code since}, or {@code child} has ended. */
    private void awaitPointAfter(String id, Instant since, ProcessHandle child) {
        Instant deadline = Instant.now().plusSeconds(120);
        while (child.isAlive() && Instant.now().isBefore(deadline)) {
            JsonNode points = api.get("/api/v1/jobs/" + id + "/metrics?name=train_loss&limit=5000").json().get("points");
            for (JsonNode p : points) {
                if (Instant.parse(p.get("timestamp").asString()).isAfter(since)) {
                    return;
                }
            }
            sleep(100);
        }
    }

    /** The training processes that train a job (the node's warm processes waiting for one are not counted). */
    private List<ProcessHandle> trainingProcesses() {
        return TrainingProcesses.withAJob(warm);
    }

    private void awaitNoTrainingProcess() {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!trainingProcesses().isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("training process still alive: " + trainingProcesses());
            }
            sleep(100);
        }
    }
}
