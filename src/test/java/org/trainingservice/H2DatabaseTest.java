package org.trainingservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.SecondNode;
import tools.jackson.databind.JsonNode;

/**
 * The default database of {@code ./mvnw spring-boot:run}, end to end: a node with no datasource setting creates its
 * H2 file database under its data directory, migrates it, trains a job and predicts with it.
 */
class H2DatabaseTest {

    @Test
    void aNodeOnTheEmbeddedH2DatabaseTrainsAJobAndPredictsWithIt() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "h2-node-");
        String instances = "{\"instances\": [[0.5, 0.2], [-0.8, 0.6]]}";
        try (SecondNode node = SecondNode.startOnH2("h2-node", dataDir, "--training.worker.warm-processes=0")) {
            Api api = new Api(node.port());
            Api.Response submitted = api.post("/api/v1/jobs", """
                    {"dataset": {"builtin": "moons", "samples": 300}, "model": {"hidden": [8]},
                     "training": {"epochs": 4, "batchSize": 16}}""");
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
            String id = submitted.json().get("id").asString();
            JsonNode done = awaitFinal(api, id);
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertThat(api.get("/api/v1/jobs/" + id + "/metrics").json().get("points").size()).isPositive();
            Api.Response predicted = api.post("/api/v1/jobs/" + id + "/predict", instances);
            assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
            assertThat(predicted.json().get("probabilities").size()).isEqualTo(2);
            assertThat(dataDir.resolve("trainingdb.mv.db")).as("the H2 file under the data directory").exists();
        }
    }

    private static JsonNode awaitFinal(Api api, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        JsonNode job = api.get("/api/v1/jobs/" + id).json();
        while (!job.get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED")) {
            assertThat(Instant.now()).as("job %s still %s", id, job).isBefore(deadline);
            Thread.sleep(200);
            job = api.get("/api/v1/jobs/" + id).json();
        }
        return job;
    }
}
