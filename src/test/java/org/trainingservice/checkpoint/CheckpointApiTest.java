package org.trainingservice.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trainingservice.scheduler.WarmProcesses;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.TrainingProcesses;
import org.trainingservice.training.Checkpoint;
import tools.jackson.databind.JsonNode;

class CheckpointApiTest extends IntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private WarmProcesses warm;

    // epochs long enough (hundreds of steps) that the kill, sent once epoch 3 is reported, finds the run unfinished
    private static final String RESUMABLE = """
            {"name": "%s", "dataset": {"builtin": "moons", "samples": 6000, "noise": 0.25},
             "model": {"hidden": [32, 32], "dropout": 0.1}, "optimizer": {"type": "adam", "learningRate": 0.005},
             "training": {"epochs": 8, "batchSize": 4, "seed": 17},
             "regularization": {"inputNoise": 0.05, "earlyStopping": {"monitor": "val_loss", "patience": 20}},
             "checkpoint": {"everyEpochs": 1, "keepLast": 2, "keepBest": true}}""";

    @Test
    void aTrainingProcessKilledMidEpochResumesToTheSameParametersAsAnUninterruptedRun() throws Exception {
        String reference = submit(RESUMABLE.formatted("uninterrupted"));
        JsonNode done = awaitFinal(reference, Duration.ofSeconds(180));
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");

        String id = submit(RESUMABLE.formatted("killed"));
        // once epoch 3's checkpoint is stored the process trains epoch 4: the kill lands mid-epoch, after a checkpoint
        int checkpointed = awaitCheckpointOfEpoch(id, 3, Duration.ofSeconds(120));
        List<ProcessHandle> children = TrainingProcesses.withAJob(warm);
        assertThat(children).hasSize(1);
        children.get(0).destroyForcibly();
        JsonNode resumed = awaitFinal(id, Duration.ofSeconds(180));
        assertThat(resumed.get("status").asString()).as(resumed.toString()).isEqualTo("SUCCEEDED");
        assertThat(resumed.get("attempt").asInt()).isEqualTo(2);

        assertThat(resumed.get("result").get("metrics")).isEqualTo(done.get("result").get("metrics"));
        assertThat(memberParameters(id)).isEqualTo(memberParameters(reference));
        // one point per epoch and metric: the epochs after the last checkpoint were replaced, not doubled
        JsonNode valLoss = api.get("/api/v1/jobs/" + id + "/metrics?name=val_loss").json().get("points");
        List<Integer> epochs = new ArrayList<>();
        valLoss.forEach(p -> epochs.add(p.get("epoch").asInt()));
        assertThat(epochs).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        // and attempt 2 did not train the checkpointed epochs again: their points are attempt 1's
        assertResumedAfterEpoch(id, "val_loss", checkpointed);
        List<Double> values = new ArrayList<>();
        valLoss.forEach(p -> values.add(p.get("value").asDouble()));
        List<Double> referenceValues = new ArrayList<>();
        api.get("/api/v1/jobs/" + reference + "/metrics?name=val_loss").json().get("points")
                .forEach(p -> referenceValues.add(p.get("value").asDouble()));
        assertThat(values).isEqualTo(referenceValues);
    }

    @Test
    void retentionKeepsTheLastTwoPlusTheBestAndDownloadsStreamTheStoredBytes() throws Exception {
        String id = submit("""
                {"dataset": {"builtin": "moons", "samples": 200, "noise": 0.5}, "model": {"hidden": [256, 256]},
                 "optimizer": {"learningRate": 0.02}, "training": {"epochs": 12, "batchSize": 8},
                 "regularization": {"earlyStopping": {"monitor": "val_loss", "patience": 50}},
                 "checkpoint": {"everyEpochs": 1, "keepLast": 2, "keepBest": true}}""");
        assertThat(awaitFinal(id, Duration.ofSeconds(120)).get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode list = api.get("/api/v1/jobs/" + id + "/checkpoints").json();
        List<JsonNode> checkpoints = new ArrayList<>();
        list.forEach(checkpoints::add);
        // epochs 1..12 were checkpointed, the final one too: the newest two stay, plus the best of all epochs
        List<Integer> epochs = checkpoints.stream().map(c -> c.get("epoch").asInt()).toList();
        assertThat(epochs).contains(11, 12);
        JsonNode best = checkpoints.stream().min(Comparator.comparingDouble(c -> c.get("value").asDouble())).orElseThrow();
        List<Double> valLoss = new ArrayList<>();
        api.get("/api/v1/jobs/" + id + "/metrics?name=val_loss").json().get("points").forEach(p -> valLoss.add(p.get("value").asDouble()));
        assertThat(valLoss).hasSize(12);
        double bestOfAllEpochs = valLoss.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(best.get("value").asDouble()).isEqualTo(bestOfAllEpochs);
        assertThat(checkpoints).hasSize(best.get("epoch").asInt() >= 11 ? 2 : 3);

        long checkpointId = checkpoints.get(0).get("id").asLong();
        HttpResponse<byte[]> download = java.net.http.HttpClient.newHttpClient().send(
                api.request("/api/v1/jobs/" + id + "/checkpoints/" + checkpointId + "/content").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        jdbc.query("SELECT data FROM checkpoint_chunk WHERE checkpoint_id = ? ORDER BY seq",
                rs -> {
                    stored.writeBytes(rs.getBytes(1));
                }, checkpointId);
        assertThat(download.body()).isEqualTo(stored.toByteArray());
        assertThat((long) download.body().length).isEqualTo(checkpoints.get(0).get("sizeBytes").asLong());
        Checkpoint decoded = Checkpoint.decode(download.body());
        assertThat(decoded.progress().completedEpochs()).isEqualTo(checkpoints.get(0).get("epoch").asInt());
        assertThat(api.get("/api/v1/jobs/" + id + "/checkpoints/999999999/content").status()).isEqualTo(404);
    }

    @Test
    void whenTheFinalEpochIsTheBestItIsTheBestCheckpointKept() {
        // a small learning rate on clean data: the validation loss falls every epoch, so the last one is the best
        String id = submit("""
                {"dataset": {"builtin": "moons", "samples": 400, "noise": 0.1}, "model": {"hidden": [16]},
                 "optimizer": {"type": "adam", "learningRate": 0.003}, "training": {"epochs": 4, "batchSize": 16},
                 "checkpoint": {"everyEpochs": 100, "keepLast": 0, "keepBest": true}}""");
        assertThat(awaitFinal(id, Duration.ofSeconds(120)).get("status").asString()).isEqualTo("SUCCEEDED");
        List<Double> valLoss = new ArrayList<>();
        api.get("/api/v1/jobs/" + id + "/metrics?name=val_loss").json().get("points")
                .forEach(p -> valLoss.add(p.get("value").asDouble()));
        assertThat(valLoss).as("the control: the final epoch has the lowest validation loss").hasSize(4);
        assertThat(valLoss.get(3)).isEqualTo(valLoss.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        JsonNode kept = api.get("/api/v1/jobs/" + id + "/checkpoints").json();
        assertThat(kept).as(kept.toString()).hasSize(1);
        assertThat(kept.get(0).get("epoch").asInt()).isEqualTo(4);
        assertThat(kept.get(0).get("value").asDouble()).isEqualTo(valLoss.get(3));
    }

    @Test
    void aNodeWhoseLeaseWasStolenStopsWithoutWritingMore() {
        String id = submit("""
                {"dataset": {"builtin": "moons", "samples": 1000}, "training": {"epochs": 3000, "batchMode": "stochastic"},
                 "checkpoint": {"everyEpochs": 1}}""");
        awaitJob(id, j -> j.get("progress").get("epoch").asInt() >= 1, Duration.ofSeconds(120));
        // as another node's claim would: every change to a job bumps its version
        jdbc.update("UPDATE training_job SET lease_owner = 'thief', node = 'thief', lease_expires_at = ?, version = version + 1 "
                + "WHERE id = ?",
                java.sql.Timestamp.from(Instant.now().plusSeconds(3600)), java.util.UUID.fromString(id));
        long pointsAtSteal = count("SELECT COUNT(*) FROM metric_point WHERE job_id = ?", id);
        long checkpointsAtSteal = count("SELECT COUNT(*) FROM checkpoint WHERE job_id = ?", id);
        // the old owner notices at its next heartbeat and kills its training process: after that nothing can write
        Instant deadline = Instant.now().plusSeconds(60);
        while (!TrainingProcesses.withAJob(warm).isEmpty()) {
            assertThat(Instant.now()).as("the old owner killed its training process").isBefore(deadline);
            sleep(100);
        }
        // nothing the old owner sent after the row changed hands was written
        assertThat(count("SELECT COUNT(*) FROM metric_point WHERE job_id = ?", id)).isLessThanOrEqualTo(pointsAtSteal);
        assertThat(count("SELECT COUNT(*) FROM checkpoint WHERE job_id = ?", id)).isLessThanOrEqualTo(checkpointsAtSteal);
        assertThat(TrainingProcesses.withAJob(warm)).as("the old owner killed its training process").isEmpty();
        JsonNode job = job(id);
        assertThat(job.get("status").asString()).isEqualTo("RUNNING");
        assertThat(job.get("node").asString()).isEqualTo("thief");
        jdbc.update("UPDATE training_job SET status = 'CANCELLED', lease_owner = NULL, version = version + 1 WHERE id = ?", java.util.UUID.fromString(id));
    }

    private long count(String sql, String id) {
        Long n = jdbc.queryForObject(sql, Long.class, java.util.UUID.fromString(id));
        return n == null ? 0 : n;
    }

    private Map<String, String> memberParameters(String job) throws Exception {
        HttpResponse<byte[]> zip = java.net.http.HttpClient.newHttpClient().send(
                api.request("/api/v1/jobs/" + job + "/model").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> entries = new java.util.TreeMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
            java.util.zip.ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.getName().endsWith(".params")) {
                    entries.put(e.getName(), java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(in.readAllBytes())));
                }
            }
        }
        return entries.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
