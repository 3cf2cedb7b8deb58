package org.trainingservice.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

class JobsApiTest extends IntegrationTest {

    @Test
    void moonsJobSucceedsWithHighTestAccuracyAndOneValLossPointPerEpoch() {
        String id = submit("""
                {"name": "moons-e2e", "dataset": {"builtin": "moons", "samples": 600, "noise": 0.15},
                 "model": {"hidden": [32, 32]}, "optimizer": {"type": "adam", "learningRate": 0.01},
                 "training": {"epochs": 12, "batchSize": 32, "seed": 7}}""");
        JsonNode job = awaitFinal(id, Duration.ofSeconds(120));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode result = job.get("result");
        assertThat(result.get("metrics").get("test").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(result.get("epochsRun").asInt()).isEqualTo(12);
        // this seed's fit: training accuracy above 0.80, validation accuracy within 0.10 of it, losses close
        JsonNode train = result.get("metrics").get("train");
        JsonNode validation = result.get("metrics").get("validation");
        assertThat(train.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(train.get("accuracy").asDouble() - validation.get("accuracy").asDouble()).isLessThanOrEqualTo(0.1);
        assertThat(result.get("diagnosis").asString()).isEqualTo("good_fit");
        assertThat(result.get("accuracyGap").asDouble())
                .isEqualTo(train.get("accuracy").asDouble() - validation.get("accuracy").asDouble());
        assertThat(job.get("progress").get("epoch").asInt()).isEqualTo(12);
        assertThat(job.get("progress").get("fraction").asDouble()).isEqualTo(1.0);
        assertThat(job.get("metrics").has("val_loss")).isTrue();
        assertThat(job.get("attempt").asInt()).isEqualTo(1);
        assertThat(job.get("node").asString()).isEqualTo("test-node");
        List<String> states = new ArrayList<>();
        job.get("transitions").forEach(t -> states.add(t.get("status").asString()));
        assertThat(states).containsExactly("QUEUED", "RUNNING", "SUCCEEDED");

        JsonNode valLoss = api.get("/api/v1/jobs/" + id + "/metrics?name=val_loss").json();
        assertThat(valLoss.get("points")).hasSize(12);
        List<Integer> epochs = new ArrayList<>();
        valLoss.get("points").forEach(p -> epochs.add(p.get("epoch").asInt()));
        assertThat(epochs).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void aFinishedJobReadsItsCurveAgainstBaselinesAndCarriesItsLearningCurve() {
        String id = submit("""
                {"dataset": {"builtin": "moons", "samples": 400, "noise": 0.2}, "model": {"hidden": [16]},
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 4, "seed": 3},
                 "analysis": {"learningCurve": {"fractions": [0.5, 1.0]}}, "checkpoint": {"everyEpochs": 10}}""");
        JsonNode job = awaitFinal(id, Duration.ofSeconds(180));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("spec").get("analysis").get("learningCurve").get("repeats").asInt()).isEqualTo(1);
        JsonNode result = job.get("result");

        JsonNode findings = result.get("findings");
        assertThat(findings.size()).isGreaterThan(0);
        findings.forEach(f -> {
            assertThat(f.get("kind").asString()).isIn("overfitting_onset", "undertrained", "underfitting", "unstable",
                    "good_fit");
            assertThat(f.get("epoch").asInt()).isBetween(1, 4);
            assertThat(f.get("evidence").asString()).isNotBlank();
            assertThat(f.get("advice").asString()).isNotBlank();
        });
        String first = findings.get(0).get("evidence").asString();
        assertThat(result.get("diagnosisDetail").asString())
                .startsWith(Character.toUpperCase(first.charAt(0)) + first.substring(1));

        JsonNode baselines = result.get("baselines");
        assertThat(baselines.get("majorityClass").get("accuracy").asDouble()).isCloseTo(0.5, within(0.01));
        assertThat(baselines.get("nearestNeighbours").get("accuracy").asDouble()).isGreaterThan(0.85);
        assertThat(baselines.get("k").asInt()).isIn(1, 3, 5, 9, 15);
        assertThat(baselines.get("splits").get("test").get("nearestNeighbours").has("accuracy")).isTrue();

        JsonNode curve = result.get("learningCurve");
        List<Integer> rows = new ArrayList<>();
        curve.get("points").forEach(p -> rows.add(p.get("trainRows").asInt()));
        assertThat(rows).containsExactly(120, 240);
        assertThat(curve.get("points").get(1).get("validation").get("accuracy").asDouble())
                .isEqualTo(result.get("metrics").get("validation").get("accuracy").asDouble());
        assertThat(curve.get("verdict").asString()).isIn("more_data", "more_capacity", "neither");
        assertThat(curve.get("verdictDetail").asString()).contains("validation accuracy");
        // the curve's sub-runs move the progress but are not the job's learning curves
        assertThat(api.get("/api/v1/jobs/" + id + "/metrics?name=val_loss").json().get("points")).hasSize(4);
        assertThat(job.get("progress").get("fraction").asDouble()).isEqualTo(1.0);
    }

    @Test
    void metricHistoryPagesWithACursor() {
        String id = submit("""
                {"dataset": {"builtin": "blobs", "samples": 200}, "model": {"hidden": [8]},
                 "training": {"epochs": 5}}""");
        awaitFinal(id, Duration.ofSeconds(120));
        List<JsonNode> all = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/api/v1/jobs/" + id + "/metrics?limit=7" + (next == null ? "" : "&after=" + next)).json();
            page.get("points").forEach(all::add);
            next = page.get("next").isNull() ? null : page.get("next").asString();
            pages++;
        } while (next != null);
        assertThat(all).hasSize(20); // 4 metrics x 5 epochs
        assertThat(pages).isEqualTo(3);
        assertThat(api.get("/api/v1/jobs/" + id + "/metrics?after=abc").status()).isEqualTo(400);
    }

    @Test
    void jobListIsNewestFirstAndFiltersByStatus() {
        String first = submit("{\"dataset\": {\"builtin\": \"xor\", \"samples\": 100}, \"training\": {\"epochs\": 1}}");
        String second = submit("{\"dataset\": {\"builtin\": \"xor\", \"samples\": 100}, \"training\": {\"epochs\": 1}}");
        JsonNode page = api.get("/api/v1/jobs?size=2").json();
        assertThat(page.get("items").get(0).get("id").asString()).isEqualTo(second);
        assertThat(page.get("items").get(1).get("id").asString()).isEqualTo(first);
        assertThat(page.get("items").get(0).has("spec")).isFalse();
        awaitFinal(first, Duration.ofSeconds(120));
        awaitFinal(second, Duration.ofSeconds(120));
        JsonNode succeeded = api.get("/api/v1/jobs?status=SUCCEEDED&size=200").json();
        List<String> ids = new ArrayList<>();
        succeeded.get("items").forEach(j -> ids.add(j.get("id").asString()));
        assertThat(ids).contains(first, second);
        succeeded.get("items").forEach(j -> assertThat(j.get("status").asString()).isEqualTo("SUCCEEDED"));
        JsonNode queued = api.get("/api/v1/jobs?status=QUEUED&size=200").json();
        queued.get("items").forEach(j -> assertThat(j.get("id").asString()).isNotIn(first, second));
        assertThat(api.get("/api/v1/jobs?status=DONE").status()).isEqualTo(400);
    }

    @Test
    void etagAnswers304WhileTheJobIsUnchanged() {
        String id = submit("{\"dataset\": {\"builtin\": \"xor\", \"samples\": 100}, \"training\": {\"epochs\": 1}}");
        String submitted = api.get("/api/v1/jobs/" + id).header("ETag");
        JsonNode done = awaitFinal(id, Duration.ofSeconds(120));
        // the job has changed since it was submitted: the old tag gets the new job and a new tag
        Api.Response changed = api.get("/api/v1/jobs/" + id, "If-None-Match", submitted);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(changed.header("ETag")).isNotBlank().isNotEqualTo(submitted);
        Api.Response first = api.get("/api/v1/jobs/" + id);
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();
        Api.Response again = api.get("/api/v1/jobs/" + id, "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(api.get("/api/v1/jobs/" + id, "If-None-Match", "\"0\"").status()).isEqualTo(200);
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void twoJobsOnOneSlotRunOneAfterTheOther() {
        String a = submit("{\"dataset\": {\"builtin\": \"moons\", \"samples\": 400}, \"training\": {\"epochs\": 4}}");
        String b = submit("{\"dataset\": {\"builtin\": \"moons\", \"samples\": 400}, \"training\": {\"epochs\": 4}}");
        JsonNode jobA = awaitFinal(a, Duration.ofSeconds(120));
        JsonNode jobB = awaitFinal(b, Duration.ofSeconds(120));
        Instant aStart = at(jobA, "RUNNING");
        Instant aEnd = at(jobA, "SUCCEEDED");
        Instant bStart = at(jobB, "RUNNING");
        Instant bEnd = at(jobB, "SUCCEEDED");
        // one slot: the intervals must not overlap, whichever ran first
        assertThat(!bStart.isBefore(aEnd) || !aStart.isBefore(bEnd)).as("A %s-%s, B %s-%s", aStart, aEnd, bStart, bEnd).isTrue();
    }

    @Test
    void unknownJobIs404ProblemDetails() {
        Api.Response r = api.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asString()).contains("does not exist");
        assertThat(api.get("/api/v1/jobs/not-a-uuid").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/jobs/00000000-0000-0000-0000-000000000000/cancel", "").status()).isEqualTo(404);
    }

    private static Instant at(JsonNode job, String status) {
        Optional<JsonNode> t = new ArrayList<JsonNode>() {{
            job.get("transitions").forEach(this::add);
        }}.stream().filter(n -> n.get("status").asString().equals(status)).findFirst();
        return Instant.parse(t.orElseThrow(() -> new AssertionError("no " + status + " in " + job)).get("at").asString());
    }
}
