package org.trainingservice.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the tests that need the whole service: one Spring context (reused by every subclass that adds no
 * configuration of its own) on a random port, on the shared embedded PostgreSQL, with a real worker that starts real
 * training processes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {

    protected static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    @LocalServerPort
    protected int port;

    protected Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", SharedPostgres::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    protected String submit(String spec) {
        Api.Response r = api.post("/api/v1/jobs", spec);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    protected JsonNode job(String id) {
        return api.get("/api/v1/jobs/" + id).json();
    }

    protected JsonNode awaitJob(String id, Predicate<JsonNode> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode job = job(id);
        while (!condition.test(job)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + id + " did not reach the expected state in " + timeout + ": " + job);
            }
            sleep(200);
            job = job(id);
        }
        return job;
    }

    protected JsonNode awaitFinal(String id, Duration timeout) {
        return awaitJob(id, j -> FINAL.contains(j.get("status").asString()), timeout);
    }

    /**
     * Shows that attempt 2 of job {@code id} continued from a checkpoint rather than training again from scratch: the
     * points of {@code metric} of epochs 1..k were all written before attempt 2 started RUNNING, those of later epochs
     * after it, and no epoch has two points. Returns k, the epoch attempt 2 continued after (at least
     * {@code atLeast}).
     */
    protected int assertResumedAfterEpoch(String id, String metric, int atLeast) {
        List<Instant> running = new ArrayList<>();
        job(id).get("transitions").forEach(t -> {
            if ("RUNNING".equals(t.get("status").asString())) {
                running.add(Instant.parse(t.get("at").asString()));
            }
        });
        assertThat(running).as("RUNNING transitions of job %s", id).hasSizeGreaterThanOrEqualTo(2);
        Instant resumedAt = running.get(1);
        List<Integer> before = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        api.get("/api/v1/jobs/" + id + "/metrics?name=" + metric + "&limit=5000").json().get("points").forEach(p -> {
            Instant at = Instant.parse(p.get("timestamp").asString());
            (at.isBefore(resumedAt) ? before : after).add(p.get("epoch").asInt());
        });
        int k = before.size();
        assertThat(k).as("epochs kept from attempt 1 (attempt 2 began at %s)", resumedAt).isGreaterThanOrEqualTo(atLeast);
        assertThat(before).as("points written before attempt 2").containsExactlyElementsOf(range(1, k));
        assertThat(after).as("points written by attempt 2").containsExactlyElementsOf(range(k + 1, k + after.size()));
        return k;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            values.add(i);
        }
        return values;
    }

    /** Waits until job {@code id} has a checkpoint of epoch {@code epoch} or later; returns the latest epoch stored. */
    protected int awaitCheckpointOfEpoch(String id, int epoch, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            int latest = 0;
            for (JsonNode c : api.get("/api/v1/jobs/" + id + "/checkpoints").json()) {
                latest = Math.max(latest, c.get("epoch").asInt());
            }
            if (latest >= epoch) {
                return latest;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + id + " has no checkpoint of epoch " + epoch + " after " + timeout);
            }
            sleep(100);
        }
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
