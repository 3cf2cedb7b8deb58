package org.trainingservice.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
