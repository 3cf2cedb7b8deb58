package org.trainingservice.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trainingservice.TrainingServiceApplication;
import org.trainingservice.scheduler.WarmProcesses;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A 27-trial ASHA experiment on moons (1,000 samples, 20 epochs, batch 32: the startup section's small job; rungs 1,
 * 3, 9 and 20) on one node, with one worker slot and with two (as many warm processes as slots, the default). The
 * service runs in this JVM on an in-memory H2 database. Wall time runs from the experiment's submit to a client
 * (polling every {@value #POLL_MILLIS} ms) seeing it SUCCEEDED; training time is the sum of the trials' own epoch
 * timings (each {@code metrics} event's {@code seconds}: the epoch's training steps, evaluation excluded). Overhead per
 * trial is (wall - training) / trials, as issue 17 defines it. {@link AshaTimeline} takes the slot time apart.
 */
final class AshaBench {

    static final int TRIALS = 27;
    private static final long POLL_MILLIS = 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "bench-asha-key";
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final String EXPERIMENT = """
            {"name": "bench-moons-asha",
             "baseSpec": {"dataset": {"builtin": "moons", "samples": 1000},
                          "training": {"epochs": 20, "batchSize": 32, "seed": 1}},
             "searchSpace": {"optimizer.learningRate": {"type": "loguniform", "min": 0.0003, "max": 0.3},
                             "model.hidden": {"type": "choice", "values": [[16], [32], [64, 64]]},
                             "model.dropout": {"type": "uniform", "min": 0.0, "max": 0.3}},
             "searcher": {"type": "asha", "maxTrials": 27, "maxConcurrentTrials": %d, "seed": 5,
                          "minEpochs": 1, "reductionFactor": 3},
             "objective": {"metric": "val_loss"}}""";

    private AshaBench() {
    }

    static Map<String, Object> run(Path out) throws Exception {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("trials", TRIALS);
        section.put("experiment", "asha, moons 1,000 samples, 20 epochs, batch 32, rungs 1/3/9/20, eta 3, "
                + "maxConcurrentTrials 2 per slot");
        section.put("oneSlot", measure(out, 1));
        section.put("twoSlots", measure(out, 2));
        return section;
    }

    private static Map<String, Object> measure(Path out, int slots) throws Exception {
        String name = "asha-" + slots;
        ConfigurableApplicationContext app = SpringApplication.run(TrainingServiceApplication.class,
                "--server.port=0", "--training.data-dir=" + out.resolve(name), "--training.security.admin-key=" + KEY,
                "--training.djl-cache=" + System.getProperty("DJL_CACHE_DIR", "target/djl-cache"),
                "--training.worker.slots=" + slots,
                "--spring.datasource.url=jdbc:h2:mem:" + name
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--logging.level.root=WARN");
        try {
            String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            awaitWarm(app.getBean(WarmProcesses.class), slots);
            Instant submitted = Instant.now();
            HttpResponse<String> created = http.send(ApiLoad.post(base + "/api/v1/experiments", KEY,
                    EXPERIMENT.formatted(2 * slots)), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("the bench experiment was refused: " + created.body());
            }
            String id = JSON.readTree(created.body()).get("id").asString();
            JsonNode done = awaitFinal(http, base, id);
            Instant seen = Instant.now();
            if (!done.get("status").asString().equals("SUCCEEDED")) {
                throw new IllegalStateException("the bench experiment ended " + done.get("status") + ": " + done);
            }
            AshaTimeline timeline = new AshaTimeline();
            JsonNode board = get(http, base + "/api/v1/experiments/" + id + "/trials?size=50");
            for (JsonNode row : board.get("items")) {
                String job = row.get("jobId").asString();
                timeline.addTrial(get(http, base + "/api/v1/jobs/" + job).get("transitions"),
                        events(app.getBean(JdbcTemplate.class), job));
            }
            double wall = Duration.between(submitted, seen).toNanos() / 1e9;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("slots", slots);
            result.put("wallSeconds", wall);
            result.put("trainingSeconds", timeline.trainingSeconds());
            result.put("overheadPerTrialSeconds", (wall - timeline.trainingSeconds()) / TRIALS);
            result.put("trialStarts", timeline.trials());
            result.put("promotions", timeline.promotions());
            result.put("attempts", timeline.attempts());
            result.put("trainingProcesses", timeline.processes());
            result.put("epochsUsed", done.get("progress").get("epochsUsed").asLong());
            result.put("pruned", done.get("counts").get("pruned").asLong());
            result.put("bestObjective", done.get("best").get("objective").asDouble());
            result.put("slotSeconds", timeline.slotSeconds(wall, slots));
            return result;
        } finally {
            app.close();
        }
    }

    /** The trial's events in order: type, payload and when each was written. */
    private static List<AshaTimeline.Event> events(JdbcTemplate jdbc, String job) {
        List<AshaTimeline.Event> events = new ArrayList<>();
        jdbc.query("SELECT event_type, payload, created_at FROM job_event WHERE job_id = ? ORDER BY id",
                rs -> {
                    events.add(new AshaTimeline.Event(rs.getString(1), JSON.readTree(rs.getString(2)),
                            rs.getObject(3, OffsetDateTime.class).toInstant()));
                }, UUID.fromString(job));
        return events;
    }

    private static JsonNode awaitFinal(HttpClient http, String base, String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (Instant.now().isBefore(deadline)) {
            JsonNode e = get(http, base + "/api/v1/experiments/" + id);
            if (FINAL.contains(e.get("status").asString())) {
                return e;
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("the bench experiment did not end within 30 minutes");
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        return JSON.readTree(http.send(ApiLoad.get(url, KEY), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Every slot's warm process ready, so that the node's own start-up is not counted. */
    private static void awaitWarm(WarmProcesses processes, int slots) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (processes.ready() < slots) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the warm processes did not become ready");
            }
            Thread.sleep(20);
        }
    }

    /** The printed table: one column per slot count. */
    static void print(Map<?, ?> section) {
        Map<?, ?> one = (Map<?, ?>) section.get("oneSlot");
        Map<?, ?> two = (Map<?, ?>) section.get("twoSlots");
        System.out.printf("%nasha: %s trials (%s); seconds unless named%n", section.get("trials"), section.get("experiment"));
        System.out.println("| | one slot | two slots |");
        System.out.println("| --- | --- | --- |");
        for (String key : List.of("wallSeconds", "trainingSeconds", "overheadPerTrialSeconds", "trialStarts",
                "promotions", "attempts", "trainingProcesses", "epochsUsed", "pruned", "bestObjective")) {
            System.out.printf("| %s | %s | %s |%n", key, format(one.get(key)), format(two.get(key)));
        }
        Map<?, ?> oneSlots = (Map<?, ?>) one.get("slotSeconds");
        Map<?, ?> twoSlots = (Map<?, ?>) two.get("slotSeconds");
        for (Object key : oneSlots.keySet()) {
            System.out.printf("| slot time: %s | %s | %s |%n", key, format(oneSlots.get(key)), format(twoSlots.get(key)));
        }
    }

    private static String format(Object value) {
        return value instanceof Double d ? String.format("%.3f", d) : String.valueOf(value);
    }
}
