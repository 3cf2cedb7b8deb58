package org.trainingservice.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trainingservice.TrainingServiceApplication;
import org.trainingservice.scheduler.WarmProcesses;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the time of a small job goes, from submit to a client seeing it SUCCEEDED: {@value #JOBS} jobs in sequence
 * on an idle node (each submitted once the last is done and, with warm processes, a warm one is ready again), with
 * cold starts ({@code training.worker.warm-processes=0}) and with warm processes. The service runs in this JVM on an
 * in-memory H2 database; the client polls {@code GET /api/v1/jobs/{id}} every {@value #POLL_MILLIS} ms with
 * {@code If-None-Match}. Server-side moments come from the job's transitions (claimed: RUNNING) and its event log
 * ({@code started}: the process has the job and its engine and begins training; the first and last {@code metrics});
 * "trainingInProcess" runs from {@code started} to the last epoch's {@code metrics}, "lastEpochToSucceeded" from there
 * to the SUCCEEDED transition (the final evaluation, the model written and stored).
 */
final class StartupBench {

    static final int JOBS = 20;
    private static final long POLL_MILLIS = 10;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "bench-startup-key";
    private static final String SMALL = """
            {"dataset": {"builtin": "moons", "samples": 1000}, "training": {"epochs": 20, "batchSize": 32, "seed": %d}}""";
    /** The measured spans, from submit (the client's clock, the same machine's as the server's) unless named. */
    private static final List<String> SPANS = List.of("submitToClaimed", "claimedToProcessReady", "submitToFirstEpoch",
            "submitToSucceededSeen", "trainingInProcess", "lastEpochToSucceeded");

    private StartupBench() {
    }

    static Map<String, Object> run(Path out) throws Exception {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("jobs", JOBS);
        section.put("job", "moons, 1,000 samples, 20 epochs, batch 32");
        section.put("cold", measure(out, false));
        section.put("warm", measure(out, true));
        return section;
    }

    private static Map<String, Object> measure(Path out, boolean warm) throws Exception {
        String name = warm ? "warm" : "cold";
        ConfigurableApplicationContext app = SpringApplication.run(TrainingServiceApplication.class,
                "--server.port=0", "--training.data-dir=" + out.resolve("startup-" + name), "--training.security.admin-key=" + KEY,
                "--training.djl-cache=" + System.getProperty("DJL_CACHE_DIR", "target/djl-cache"),
                "--training.worker.warm-processes=" + (warm ? 1 : 0),
                "--spring.datasource.url=jdbc:h2:mem:startup-" + name
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--logging.level.root=WARN");
        try {
            String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            WarmProcesses processes = app.getBean(WarmProcesses.class);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            Map<String, Object> result = new LinkedHashMap<>();
            awaitIdle(processes, warm);
            result.put("firstJobSeconds", runJob(http, base, jdbc, 0).get("submitToSucceededSeen"));
            Map<String, double[]> spans = new LinkedHashMap<>();
            SPANS.forEach(s -> spans.put(s, new double[JOBS]));
            for (int i = 0; i < JOBS; i++) {
                awaitIdle(processes, warm);
                Map<String, Double> job = runJob(http, base, jdbc, i + 1);
                for (String span : SPANS) {
                    spans.get(span)[i] = job.get(span);
                }
            }
            spans.forEach((span, values) -> result.put(span, Map.of("p50", percentile(values, 0.5),
                    "p90", percentile(values, 0.9))));
            return result;
        } finally {
            app.close();
        }
    }

    /** One job from submit until the client sees it SUCCEEDED; each span in seconds. */
    private static Map<String, Double> runJob(HttpClient http, String base, JdbcTemplate jdbc, int seed) throws Exception {
        Instant submitted = Instant.now();
        HttpResponse<String> created = http.send(ApiLoad.post(base + "/api/v1/jobs", KEY, SMALL.formatted(seed)),
                HttpResponse.BodyHandlers.ofString());
        String id = JSON.readTree(created.body()).get("id").asString();
        String etag = null;
        Instant seen;
        while (true) {
            HttpRequest.Builder get = HttpRequest.newBuilder(java.net.URI.create(base + "/api/v1/jobs/" + id))
                    .header("Authorization", "Bearer " + KEY);
            if (etag != null) {
                get.header("If-None-Match", etag);
            }
            HttpResponse<String> r = http.send(get.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                etag = r.headers().firstValue("ETag").orElse(null);
                String status = JSON.readTree(r.body()).get("status").asString();
                if (status.equals("SUCCEEDED")) {
                    seen = Instant.now();
                    break;
                }
                if (status.equals("FAILED") || status.equals("CANCELLED")) {
                    throw new IllegalStateException("startup job " + id + " ended " + status + ": " + r.body());
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        JsonNode job = JSON.readTree(http.send(ApiLoad.get(base + "/api/v1/jobs/" + id, KEY),
                HttpResponse.BodyHandlers.ofString()).body());
        Instant claimed = null;
        Instant succeeded = null;
        for (JsonNode t : job.get("transitions")) {
            if (t.get("status").asString().equals("RUNNING")) {
                claimed = Instant.parse(t.get("at").asString());
            } else if (t.get("status").asString().equals("SUCCEEDED")) {
                succeeded = Instant.parse(t.get("at").asString());
            }
        }
        List<Instant> metrics = new ArrayList<>();
        Instant[] started = new Instant[1];
        jdbc.query("SELECT event_type, created_at FROM job_event WHERE job_id = ? ORDER BY id", rs -> {
            Instant at = rs.getObject(2, OffsetDateTime.class).toInstant();
            switch (rs.getString(1)) {
                case "started" -> started[0] = at;
                case "metrics" -> metrics.add(at);
                default -> {
                }
            }
        }, UUID.fromString(id));
        Map<String, Double> spans = new LinkedHashMap<>();
        spans.put("submitToClaimed", seconds(submitted, claimed));
        spans.put("claimedToProcessReady", seconds(claimed, started[0]));
        spans.put("submitToFirstEpoch", seconds(submitted, metrics.get(0)));
        spans.put("submitToSucceededSeen", seconds(submitted, seen));
        spans.put("trainingInProcess", seconds(started[0], metrics.get(metrics.size() - 1)));
        spans.put("lastEpochToSucceeded", seconds(metrics.get(metrics.size() - 1), succeeded));
        return spans;
    }

    /** No job running, and with warm processes one ready. */
    private static void awaitIdle(WarmProcesses processes, boolean warm) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (warm && processes.ready() < 1) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no warm process became ready");
            }
            Thread.sleep(20);
        }
        Thread.sleep(200); // the last job's process has exited and the node is quiet
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    /** The printed table: one row per span, p50 and p90 of cold and warm starts. */
    static void print(Map<?, ?> section) {
        Map<?, ?> cold = (Map<?, ?>) section.get("cold");
        Map<?, ?> warm = (Map<?, ?>) section.get("warm");
        System.out.printf("%nstartup: %s jobs in sequence (%s) on an idle node; seconds%n", section.get("jobs"),
                section.get("job"));
        System.out.println("| span | cold p50 | cold p90 | warm p50 | warm p90 |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (String span : SPANS) {
            Map<?, ?> c = (Map<?, ?>) cold.get(span);
            Map<?, ?> w = (Map<?, ?>) warm.get(span);
            System.out.printf("| %s | %.3f | %.3f | %.3f | %.3f |%n", span, (double) c.get("p50"), (double) c.get("p90"),
                    (double) w.get("p50"), (double) w.get("p90"));
        }
        System.out.printf("first job of a fresh node, submit to SUCCEEDED seen: cold %.2f s, warm %.2f s%n",
                (double) cold.get("firstJobSeconds"), (double) warm.get("firstJobSeconds"));
    }
}
