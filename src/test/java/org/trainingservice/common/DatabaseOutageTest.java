package org.trainingservice.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.trainingservice.support.Api;

/**
 * The service on a PostgreSQL of its own (the shared one serves the other tests), which the test stops and starts
 * again on the same data directory and port: while it is down every request answers 503 fast and readiness is DOWN,
 * liveness stays UP; when it is back everything works again, without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "training.worker.enabled=false")
@ActiveProfiles("test")
@DirtiesContext
class DatabaseOutageTest {

    /** A hang would be Hikari's default 30 s; the service promises 2 s, and a loaded machine gets some slack. */
    private static final Duration FAST = Duration.ofSeconds(5);

    private static Path dataDirectory;
    private static EmbeddedPostgres postgres;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) throws IOException {
        dataDirectory = Files.createTempDirectory("outage-pg");
        postgres = builder(0).start();
        String url = postgres.getJdbcUrl("postgres", "postgres");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    private static EmbeddedPostgres.Builder builder(int port) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false); // closing must keep the data for the restart
        return port == 0 ? builder : builder.setPort(port);
    }

    @AfterAll
    static void removeDatabase() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void requestsFailFastWith503WhileTheDatabaseIsDownAndRecoverWhenItIsBack() throws IOException {
        Api admin = new Api(port);
        String issuedKey = admin.post("/api/v1/admin/api-keys", "{\"tenant\": \"outage\"}").json().get("key").asString();
        Api tenant = admin.as(issuedKey);
        assertThat(tenant.get("/api/v1/jobs").status()).isEqualTo(200);
        assertThat(admin.get("/actuator/health/readiness").status()).isEqualTo(200);
        int pgPort = postgres.getPort();

        postgres.close();

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

        postgres = builder(pgPort).start();

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
}
