package org.trainingservice.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two nodes (processes of their own, {@value #SLOTS} slots and warm processes each) on one PostgreSQL: {@value #SUBMITTERS} clients, each a tenant
 * of its own, submit {@value #JOBS} small jobs spread over the first {@value #SUBMIT_SECONDS} s, while
 * {@value #POLLERS} clients poll for {@value #POLL_SECONDS} s, every {@value #THINK_MILLIS} ms, alternately on either
 * node: their tenant's jobs one after another with {@code If-None-Match} (a 304 while nothing changed), and every
 * fifth time the job list. Then it waits for the queue to drain and checks in the database that every job ran exactly
 * once (attempt 1, one RUNNING transition) and has each epoch's metric points once.
 */
final class LoadBench {

    static final int SUBMITTERS = 20;
    static final int JOBS = 300;
    static final int POLLERS = 50;
    static final int POLL_SECONDS = 120;
    static final int SUBMIT_SECONDS = 100;
    static final int THINK_MILLIS = 200;
    static final int EPOCHS = 3;
    /** Per node: a small job is mostly its training process's start, which a second slot overlaps with training. */
    static final int SLOTS = 2;
    private static final String KEY = "bench-load-admin-key";
    private static final String JOB = """
            {"dataset": {"builtin": "moons", "samples": 200}, "model": {"hidden": [8]},
             "training": {"epochs": %d, "seed": %%d}}""".formatted(EPOCHS);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LoadBench() {
    }

    static Map<String, Object> run(Path out) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            List<String> settings = List.of("--training.worker.slots=" + SLOTS, "--training.worker.warm-processes=" + SLOTS,
                    "--training.worker.child-heap=256m");
            // one after the other: the first applies the migrations
            try (ServiceNode a = ServiceNode.start("load-node-a", url, out, KEY, settings);
                 ServiceNode b = ServiceNode.start("load-node-b", url, out, KEY, settings)) {
                Map<String, Object> section = load(List.of(a.base(), b.base()));
                section.put("jobsInDatabase", verify(new JdbcTemplate(postgres.getPostgresDatabase()), section));
                return section;
            }
        }
    }

    private static Map<String, Object> load(List<String> nodes) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> keys = new ArrayList<>();
        for (int t = 0; t < SUBMITTERS; t++) {
            HttpResponse<String> issued = http.send(ApiLoad.post(nodes.get(0) + "/api/v1/admin/api-keys", KEY,
                    "{\"tenant\": \"load-" + t + "\"}"), HttpResponse.BodyHandlers.ofString());
            keys.add(JSON.readTree(issued.body()).get("key").asString());
        }
        List<List<String>> jobs = new ArrayList<>();
        keys.forEach(k -> jobs.add(new CopyOnWriteArrayList<>()));
        EndpointStats stats = new EndpointStats();
        ExecutorService clients = Executors.newFixedThreadPool(SUBMITTERS + POLLERS);
        long start = System.nanoTime();
        long pollUntil = start + TimeUnit.SECONDS.toNanos(POLL_SECONDS);
        int perSubmitter = JOBS / SUBMITTERS;
        long gap = TimeUnit.SECONDS.toNanos(SUBMIT_SECONDS) / perSubmitter;
        for (int s = 0; s < SUBMITTERS; s++) {
            int submitter = s;
            clients.submit(() -> {
                for (int j = 0; j < perSubmitter; j++) {
                    sleepUntil(start + gap * j + gap * submitter / SUBMITTERS);
                    String node = nodes.get((submitter + j) % nodes.size());
                    HttpResponse<String> r = timed(stats, "POST /api/v1/jobs", http, ApiLoad.post(node + "/api/v1/jobs",
                            keys.get(submitter), JOB.formatted(submitter * 1000 + j)));
                    if (r != null && r.statusCode() == 201) {
                        jobs.get(submitter).add(JSON.readTree(r.body()).get("id").asString());
                    }
                }
                return null;
            });
        }
        for (int p = 0; p < POLLERS; p++) {
            int poller = p;
            clients.submit(() -> {
                int tenant = poller % SUBMITTERS;
                Map<String, String> etags = new HashMap<>();
                for (long n = 0; System.nanoTime() < pollUntil; n++) {
                    String node = nodes.get((int) ((poller + n) % nodes.size()));
                    List<String> mine = jobs.get(tenant);
                    if (mine.isEmpty() || n % 5 == 0) {
                        timed(stats, "GET /api/v1/jobs", http, ApiLoad.get(node + "/api/v1/jobs?size=20", keys.get(tenant)));
                    } else {
                        String id = mine.get((int) (n % mine.size()));
                        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(node + "/api/v1/jobs/" + id))
                                .header("Authorization", "Bearer " + keys.get(tenant));
                        if (etags.containsKey(id)) {
                            get.header("If-None-Match", etags.get(id));
                        }
                        HttpResponse<String> r = timed(stats, "GET /api/v1/jobs/{id}", http, get.build());
                        if (r != null && r.statusCode() == 200) {
                            r.headers().firstValue("ETag").ifPresent(e -> etags.put(id, e));
                        }
                    }
                    Thread.sleep(THINK_MILLIS);
                }
                return null;
            });
        }
        clients.shutdown();
        clients.awaitTermination(POLL_SECONDS + 120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("setup", "2 nodes (" + SLOTS + " slots each) on one PostgreSQL; " + SUBMITTERS
                + " tenants submit " + JOBS + " jobs (moons, 200 samples, " + EPOCHS + " epochs) over " + SUBMIT_SECONDS + " s; " + POLLERS
                + " clients poll for " + POLL_SECONDS + " s, one request every " + THINK_MILLIS + " ms each");
        section.put("seconds", seconds);
        section.put("requests", stats.requests());
        section.put("rps", stats.requests() / seconds);
        section.put("responses5xx", stats.count("5xx"));
        section.put("noAnswer", stats.count("noAnswer"));
        section.put("endpoints", stats.summary(seconds));
        section.put("submitted", jobs.stream().mapToInt(List::size).sum());
        section.put("drainSecondsAfterFirstSubmit", awaitDrained(http, nodes.get(0), start));
        return section;
    }

    /** Waits until no job is queued or running; seconds from the first submit (NaN if it did not within 40 min). */
    private static double awaitDrained(HttpClient http, String node, long start) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(40);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(ApiLoad.get(node + "/api/v1/jobs?size=1&status=QUEUED,RUNNING,CANCELLING",
                    KEY), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && JSON.readTree(r.body()).get("totalItems").asLong() == 0) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(1000);
        }
        return Double.NaN;
    }

    /** What the database says about the jobs: each run exactly once, each epoch's points once, the queue empty. */
    private static Map<String, Object> verify(JdbcTemplate jdbc, Map<String, Object> section) {
        Map<String, Object> jobs = new LinkedHashMap<>();
        Map<String, Object> statuses = new LinkedHashMap<>();
        jdbc.query("SELECT status, COUNT(*) FROM training_job GROUP BY status ORDER BY status",
                rs -> {
                    statuses.put(rs.getString(1), rs.getLong(2));
                });
        jobs.put("byStatus", statuses);
        Map<String, Object> perNode = new LinkedHashMap<>();
        jdbc.query("SELECT node, COUNT(*) FROM training_job GROUP BY node ORDER BY node",
                rs -> {
                    perNode.put(rs.getString(1), rs.getLong(2));
                });
        jobs.put("byNode", perNode);
        jobs.put("notAttemptOne", count(jdbc, "SELECT COUNT(*) FROM training_job WHERE attempt <> 1"));
        jobs.put("notClaimedExactlyOnce", count(jdbc, """
                SELECT COUNT(*) FROM training_job j
                WHERE (SELECT COUNT(*) FROM job_transition t WHERE t.job_id = j.id AND t.status = 'RUNNING') <> 1"""));
        jobs.put("duplicateMetricRows", count(jdbc, """
                SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM metric_point
                GROUP BY job_id, name, epoch, step, fold_index, member_index HAVING COUNT(*) > 1) d"""));
        jobs.put("withoutOneTrainLossPerEpoch", count(jdbc, """
                SELECT COUNT(*) FROM training_job j WHERE (SELECT COUNT(DISTINCT m.epoch) FROM metric_point m
                WHERE m.job_id = j.id AND m.name = 'train_loss') <> %d
                OR (SELECT COUNT(*) FROM metric_point m WHERE m.job_id = j.id AND m.name = 'train_loss') <> %d"""
                .formatted(EPOCHS, EPOCHS)));
        jobs.put("queueDrained", count(jdbc, "SELECT COUNT(*) FROM training_job WHERE status IN "
                + "('QUEUED', 'RUNNING', 'CANCELLING')") == 0);
        boolean ok = (long) section.get("responses5xx") == 0 && (long) section.get("noAnswer") == 0
                && (int) section.get("submitted") == JOBS && Long.valueOf(JOBS).equals(statuses.get("SUCCEEDED"))
                && (long) jobs.get("notAttemptOne") == 0 && (long) jobs.get("notClaimedExactlyOnce") == 0
                && (long) jobs.get("duplicateMetricRows") == 0 && (long) jobs.get("withoutOneTrainLossPerEpoch") == 0
                && (boolean) jobs.get("queueDrained");
        section.put("ok", ok);
        return jobs;
    }

    private static long count(JdbcTemplate jdbc, String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    private static HttpResponse<String> timed(EndpointStats stats, String endpoint, HttpClient http, HttpRequest request) {
        long t = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            stats.record(endpoint, r.statusCode(), System.nanoTime() - t);
            return r;
        } catch (Exception e) {
            stats.record(endpoint, 0, System.nanoTime() - t);
            return null;
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    static void print(Map<?, ?> load) {
        System.out.println();
        System.out.println("load: " + load.get("setup"));
        System.out.println("| endpoint | requests | req/s | p50 ms | p99 ms | answers |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        ((Map<?, ?>) load.get("endpoints")).forEach((endpoint, o) -> {
            Map<?, ?> row = (Map<?, ?>) o;
            System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %s |%n", endpoint, (int) row.get("requests"),
                    (double) row.get("rps"), (double) row.get("p50Ms"), (double) row.get("p99Ms"), row.get("answers"));
        });
        System.out.printf("all: %d requests, %.1f req/s, 5xx %d, no answer %d; submitted %d, drained %.0f s after the "
                        + "first submit; jobs %s; %s%n", (long) load.get("requests"), (double) load.get("rps"),
                (long) load.get("responses5xx"), (long) load.get("noAnswer"), (int) load.get("submitted"),
                (double) load.get("drainSecondsAfterFirstSubmit"), load.get("jobsInDatabase"),
                (boolean) load.get("ok") ? "OK" : "NOT OK");
    }
}
