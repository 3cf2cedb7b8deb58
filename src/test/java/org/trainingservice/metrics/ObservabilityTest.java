package org.trainingservice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.SseEvents;
import org.trainingservice.support.SseEvents.Event;
import tools.jackson.databind.JsonNode;

class ObservabilityTest extends IntegrationTest {

    private List<Event> read(String jobId, String lastEventId, Predicate<Event> stopAfter) throws Exception {
        return SseEvents.read(api, jobId, lastEventId, stopAfter);
    }

    @Test
    void sseDeliversMetricsWhileTrainingAndAReconnectGetsExactlyWhatItMissed() throws Exception {
        // long enough that epoch 3's event reaches the stream (read every 500 ms) well before the end; 30 epochs
        // once finished before that event was read, on the faster machine
        String id = submit("""
                {"dataset": {"builtin": "moons", "samples": 400}, "model": {"hidden": [16]},
                 "training": {"epochs": 150, "batchSize": 4}, "checkpoint": {"everyEpochs": 4}}""");
        List<Event> first = read(id, null, e -> e.type().equals("metrics") && Api.json().readTree(e.data()).get("epoch").asInt() == 3);
        Instant receivedAt = Instant.now();
        assertThat(first).extracting(Event::type).contains("status", "metrics");
        assertThat(first.get(first.size() - 1).type()).isEqualTo("metrics");
        JsonNode metrics = Api.json().readTree(first.get(first.size() - 1).data());
        assertThat(metrics.get("metrics").has("val_loss")).isTrue();
        assertThat(first).extracting(Event::type).doesNotContain("finished");

        long lastSeen = first.get(first.size() - 1).id();
        JsonNode finished = awaitFinal(id, Duration.ofSeconds(120));
        assertThat(receivedAt).as("events arrive while the job trains")
                .isBefore(Instant.parse(finished.get("finishedAt").asString()));
        List<Event> rest = read(id, Long.toString(lastSeen), e -> e.type().equals("finished"));
        List<Event> everything = read(id, null, e -> e.type().equals("finished"));
        List<Event> missed = everything.stream().filter(e -> e.id() > lastSeen).toList();
        assertThat(rest).isEqualTo(missed);
        assertThat(rest.get(0).id()).isGreaterThan(lastSeen);
        assertThat(rest).extracting(Event::type).contains("metrics", "checkpoint", "finished");
        assertThat(everything.stream().filter(e -> e.type().equals("metrics")).count()).isEqualTo(150);
        assertThat(api.get("/api/v1/jobs/" + id + "/events", "Last-Event-ID", "abc").status()).isEqualTo(400);
    }

    @Test
    void idleStreamsGetHeartbeatsAndClosedClientsReleaseTheirStream() throws Exception {
        // the one slot is busy, so the second job stays queued: its stream has nothing to say but heartbeats
        String blocker = submit("""
                {"dataset": {"builtin": "moons", "samples": 3000}, "model": {"hidden": [64, 64]},
                 "training": {"epochs": 3000, "batchMode": "stochastic"}}""");
        awaitJob(blocker, j -> "RUNNING".equals(j.get("status").asString()), Duration.ofSeconds(60));
        String id = submit("{\"dataset\": {\"builtin\": \"xor\", \"samples\": 100}, \"training\": {\"epochs\": 1}}");
        double before = value(api.get("/actuator/prometheus").body(), "training_event_streams");
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
                api.request("/api/v1/jobs/" + id + "/events").GET().build(), HttpResponse.BodyHandlers.ofLines());
        boolean heartbeat = false;
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            Instant deadline = Instant.now().plusSeconds(60);
            while (it.hasNext() && Instant.now().isBefore(deadline)) {
                if (it.next().startsWith(":")) {
                    heartbeat = true;
                    break;
                }
            }
            assertThat(value(api.get("/actuator/prometheus").body(), "training_event_streams")).isEqualTo(before + 1);
        }
        assertThat(heartbeat).as("a heartbeat comment while no event arrives").isTrue();
        assertThat(job(id).get("status").asString()).as("nothing happened to the job meanwhile").isEqualTo("QUEUED");
        Instant deadline = Instant.now().plusSeconds(60);
        while (value(api.get("/actuator/prometheus").body(), "training_event_streams") > before && Instant.now().isBefore(deadline)) {
            sleep(200);
        }
        assertThat(value(api.get("/actuator/prometheus").body(), "training_event_streams"))
                .as("the stream of a client that left is released").isEqualTo(before);
        api.post("/api/v1/jobs/" + id + "/cancel", "");
        api.post("/api/v1/jobs/" + blocker + "/cancel", "");
        awaitFinal(id, Duration.ofSeconds(60));
        awaitFinal(blocker, Duration.ofSeconds(60));
    }

    @Test
    void updatedAfterReturnsOnlyJobsThatChanged() {
        String old = submit("{\"dataset\": {\"builtin\": \"xor\", \"samples\": 100}, \"training\": {\"epochs\": 1}}");
        awaitFinal(old, Duration.ofSeconds(60));
        Instant since = Instant.now();
        sleep(50);
        String fresh = submit("{\"dataset\": {\"builtin\": \"xor\", \"samples\": 100}, \"training\": {\"epochs\": 1}}");
        JsonNode changed = api.get("/api/v1/jobs?size=200&updatedAfter=" + since).json();
        List<String> ids = new ArrayList<>();
        changed.get("items").forEach(j -> ids.add(j.get("id").asString()));
        assertThat(ids).contains(fresh).doesNotContain(old);
        awaitFinal(fresh, Duration.ofSeconds(60));
    }

    @Test
    void prometheusExposesTrainingMetricsThatMoveWhenAJobRuns() throws Exception {
        String before = api.get("/actuator/prometheus").body();
        assertThat(api.as(null).get("/actuator/prometheus").status()).isEqualTo(401);
        // a job long enough to be running whenever it is scraped
        String running = submit("""
                {"dataset": {"builtin": "moons", "samples": 600}, "model": {"hidden": [16]},
                 "training": {"epochs": 3000, "batchSize": 4}}""");
        awaitJob(running, j -> j.get("progress").get("epoch").asInt() >= 2, Duration.ofSeconds(60));
        Instant deadline = Instant.now().plusSeconds(60);
        while (value(api.get("/actuator/prometheus").body(), "training_running_jobs\\{node=\"test-node\"\\}") != 1.0) {
            assertThat(Instant.now()).as("the running-jobs gauge reads 1").isBefore(deadline);
            sleep(100);
        }
        // the throughput gauge is this job's: samples / seconds of one of its epochs, as its epoch events report them
        double throughput = value(api.get("/actuator/prometheus").body(), "training_samples_per_second\\{node=\"test-node\"\\}");
        int epochNow = job(running).get("progress").get("epoch").asInt();
        List<Double> rates = new ArrayList<>();
        read(running, null, e -> e.type().equals("metrics") && Api.json().readTree(e.data()).get("epoch").asInt() >= epochNow)
                .stream().filter(e -> e.type().equals("metrics")).map(e -> Api.json().readTree(e.data()))
                .forEach(r -> rates.add(r.get("samples").asDouble() / r.get("seconds").asDouble()));
        assertThat(throughput).isGreaterThan(0);
        assertThat(rates).as("epoch rates of the running job").anySatisfy(
                rate -> assertThat(rate).isCloseTo(throughput, org.assertj.core.api.Assertions.withinPercentage(1e-6)));
        api.post("/api/v1/jobs/" + running + "/cancel", "");
        awaitFinal(running, Duration.ofSeconds(60));

        String id = submit("""
                {"dataset": {"builtin": "moons", "samples": 300}, "training": {"epochs": 3},
                 "checkpoint": {"everyEpochs": 1}}""");
        awaitFinal(id, Duration.ofSeconds(60));
        String after = api.get("/actuator/prometheus").body();
        assertThat(value(after, "training_queue_depth\\{status=\"SUCCEEDED\"\\}"))
                .isGreaterThan(value(before, "training_queue_depth\\{status=\"SUCCEEDED\"\\}"));
        assertThat(value(after, "training_checkpoint_bytes_total")).isGreaterThan(value(before, "training_checkpoint_bytes_total"));
        assertThat(value(after, "training_job_duration_seconds_count")).isGreaterThan(value(before, "training_job_duration_seconds_count"));
        assertThat(after).contains("training_job_duration_seconds_bucket");
        String failing = submit("{\"dataset\": {\"builtin\": \"moons\"}, \"optimizer\": {\"type\": \"sgd\", \"learningRate\": 1e8}}");
        awaitFinal(failing, Duration.ofSeconds(60));
        assertThat(value(api.get("/actuator/prometheus").body(), "training_job_failures_total\\{reason=\"diverged\"\\}"))
                .isGreaterThanOrEqualTo(1.0);
    }

    private static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
