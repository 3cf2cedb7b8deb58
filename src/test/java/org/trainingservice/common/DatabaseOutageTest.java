package org.trainingservice.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.trainingservice.support.Api;
import org.trainingservice.support.RestartablePostgres;
import tools.jackson.databind.JsonNode;

/**
 * The service on a PostgreSQL of its own (the shared one serves the other tests), which the tests stop and start
 * again on the same data directory and port. While it is down every request answers 503 fast and readiness is DOWN,
 * liveness stays UP; when it is back everything works again, without a restart. A job's training rides out a short
 * outage (well within the lease) in the same attempt: the training process trains on, its events wait (two in memory
 * here, the rest in the job's working folder) and are stored in order once the database is back. An outage past the
 * lease ends the attempt unwritten, and the job resumes from its latest checkpoint once the database is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // long enough that a stop and a start of PostgreSQL fit in it on a loaded machine
        "training.worker.lease-duration=8s",
        // so that even a short outage spills events to the working folder and reads them back from there
        "training.worker.outage-buffer-events=2"})
@ActiveProfiles("test")
@DirtiesContext
class DatabaseOutageTest {

    /** A hang would be Hikari's default 30 s; the service promises 2 s, and a loaded machine gets some slack. */
    private static final Duration FAST = Duration.ofSeconds(5);

    private static final int EPOCHS = 16;
    private static final String JOB = """
            {"dataset": {"builtin": "moons", "samples": 150}, "model": {"hidden": [16]},
             "training": {"epochs": %d, "batchMode": "stochastic"}, "checkpoint": {"everyEpochs": 1}}""".formatted(EPOCHS);

    /** Where events beyond the memory bound wait (AttemptEvents.SPILL_FILE; the README names it). */
    private static final String SPILL_FILE = "pending-events.jsonl";

    private static RestartablePostgres postgres;

    @LocalServerPort
    int port;

    @Autowired
    TrainingProperties properties;

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        postgres = RestartablePostgres.start();
        String url = postgres.jdbcUrl();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void removeDatabase() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void requestsFailFastWith503WhileTheDatabaseIsDownAndRecoverWhenItIsBack() throws IOException {
        Api admin = new Api(port);
        String issuedKey = admin.post("/api/v1/admin/api-keys", "{\"tenant\": \"outage\"}").json().get("key").asString();
        Api tenant = admin.as(issuedKey);
        assertThat(tenant.get("/api/v1/jobs").status()).isEqualTo(200);
        assertThat(admin.get("/actuator/health/readiness").status()).isEqualTo(200);
        postgres.stop();

        // the configured admin key needs no lookup, so this reaches the controller and its transaction
        assertUnavailable(timed(() -> admin.get("/api/v1/jobs")));
        assertUnavailable(timed(() -> admin.post("/api/v1/jobs", "{\"dataset\": {\"builtin\": \"moons\"}}")));
        // a key issued by the service is looked up in the database by the security filter
        assertUnavailable(timed(() -> tenant.get("/api/v1/jobs")));
        Api.Response readiness = timed(() -> admin.get("/actuator/health/readiness"));
        assertThat(readiness.status()).isEqualTo(503);
        assertThat(readiness.json().get("status").asString()).isEqualTo("DOWN");
        // a probe that happens to send a key still gets the node's health, not a 503 of the key lookup
        Api.Response liveness = timed(() -> tenant.get("/actuator/health/liveness"));
        assertThat(liveness.status()).as(liveness.body()).isEqualTo(200);
        assertThat(liveness.json().get("status").asString()).isEqualTo("UP");

        postgres.restart();

        Instant deadline = Instant.now().plusSeconds(60);
        Api.Response jobs = tenant.get("/api/v1/jobs");
        while (jobs.status() != 200 && Instant.now().isBefore(deadline)) {
            assertThat(jobs.status()).as(jobs.body()).isEqualTo(503);
            jobs = tenant.get("/api/v1/jobs");
        }
        assertThat(jobs.status()).as("the key issued before the outage works again: " + jobs.body()).isEqualTo(200);
        assertThat(admin.post("/api/v1/jobs", "{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"epochs\": 1}}")
                .status()).isEqualTo(201);
        assertThat(admin.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    private static void assertUnavailable(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("title").asString()).isEqualTo("Database unavailable");
        assertThat(r.json().get("detail").asString()).contains("database cannot be reached");
        assertThat(Integer.parseInt(r.header("Retry-After"))).isPositive();
    }

    private static Api.Response timed(Supplier<Api.Response> request) {
        Instant start = Instant.now();
        Api.Response response = request.get();
        assertThat(Duration.between(start, Instant.now())).as("answered fast").isLessThan(FAST);
        return response;
    }

    @Test
    void aShortOutageIsRiddenOutInTheSameAttemptWithAnExactMetricHistory() {
        Api api = new Api(port);
        String id = submit(api);
        awaitJob(api, id, j -> j.get("progress").get("epoch").asInt() >= 2);
        Path folder = properties.jobsDir().resolve(id + "-attempt-1");
        Path spill = folder.resolve(SPILL_FILE);

        Instant stopped = Instant.now();
        postgres.stop();
        // more events than the memory holds wait: the process went on training while the database was away
        await("events of three epochs spilled to " + spill, () -> lines(spill) >= 6 || !Files.exists(folder));
        assertThat(lines(spill)).as("events beyond the memory bound wait in the working folder").isGreaterThanOrEqualTo(6);
        Instant restarted = Instant.now();
        postgres.restart();

        JsonNode done = awaitJob(api, id, j -> "SUCCEEDED".equals(j.get("status").asString())
                || "FAILED".equals(j.get("status").asString()));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("attempt").asInt()).as("the same attempt went on").isEqualTo(1);
        assertThat(statuses(done)).containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
        List<JsonNode> points = trainLoss(api, id);
        assertThat(points.stream().map(p -> p.get("epoch").asInt()).toList()).as("each epoch once, in order")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, EPOCHS).boxed().toList());
        // the points keep the time they were reported at: some of them while the database was down
        assertThat(points.stream().map(p -> Instant.parse(p.get("timestamp").asString()))
                .filter(t -> t.isAfter(stopped) && t.isBefore(restarted)).count())
                .as("epochs trained during the outage").isGreaterThanOrEqualTo(3);
        assertThat(folder).as("the working folder is cleaned up").doesNotExist();
    }

    @Test
    void anOutagePastTheLeaseResumesFromTheLatestCheckpoint() {
        Api api = new Api(port);
        String id = submit(api);
        awaitJob(api, id, j -> j.get("progress").get("epoch").asInt() >= 2);
        int checkpointed = 0;
        for (JsonNode c : api.get("/api/v1/jobs/" + id + "/checkpoints").json()) {
            checkpointed = Math.max(checkpointed, c.get("epoch").asInt());
        }
        assertThat(checkpointed).isPositive();

        postgres.stop();
        // past the lease the worker gives the attempt up without writing (another node might have the job by now)
        // (its runner ends and removes the working folder)
        Path folder = properties.jobsDir().resolve(id + "-attempt-1");
        await("the worker gives the attempt up", () -> !Files.exists(folder));
        postgres.restart();

        JsonNode done = awaitJob(api, id, j -> "SUCCEEDED".equals(j.get("status").asString())
                || "FAILED".equals(j.get("status").asString()));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("attempt").asInt()).isEqualTo(2);
        assertThat(statuses(done)).containsExactly("QUEUED", "RUNNING", "QUEUED", "RUNNING", "SUCCEEDED");
        List<JsonNode> transitions = new ArrayList<>();
        done.get("transitions").forEach(transitions::add);
        assertThat(transitions.get(2).get("message").asString()).contains("stopped renewing the lease");
        String resumedWith = transitions.get(3).get("message").asString();
        assertThat(resumedWith).matches("attempt 2 started; resumes from checkpoint \\d+ \\(end of epoch (\\d+)\\)");
        int resumedAfter = Integer.parseInt(resumedWith.replaceAll(".*end of epoch (\\d+)\\)", "$1"));
        assertThat(resumedAfter).as("the latest checkpoint stored before the outage").isGreaterThanOrEqualTo(checkpointed);
        assertThat(trainLoss(api, id).stream().map(p -> p.get("epoch").asInt()).toList())
                .as("no gaps, no duplicates").containsExactlyElementsOf(IntStream.rangeClosed(1, EPOCHS).boxed().toList());
    }

    private static long lines(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            return 0; // not there (yet, or any more)
        }
    }

    private static String submit(Api api) {
        Api.Response r = api.post("/api/v1/jobs", JOB);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static List<JsonNode> trainLoss(Api api, String id) {
        List<JsonNode> points = new ArrayList<>();
        api.get("/api/v1/jobs/" + id + "/metrics?name=train_loss&limit=5000").json().get("points").forEach(points::add);
        return points;
    }

    private static List<String> statuses(JsonNode job) {
        List<String> statuses = new ArrayList<>();
        job.get("transitions").forEach(t -> statuses.add(t.get("status").asString()));
        return statuses;
    }

    /** Polls the job (a 503 while the database is restarting counts as not yet) until {@code condition} holds. */
    private static JsonNode awaitJob(Api api, String id, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await("job " + id + " reaches the expected state (last seen: " + last[0] + ")", () -> {
            Api.Response r = api.get("/api/v1/jobs/" + id);
            last[0] = r.status() == 200 ? r.json() : last[0];
            return r.status() == 200 && condition.test(last[0]);
        });
        return last[0];
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(120);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
