package org.trainingservice.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.SharedDatasets;
import tools.jackson.databind.JsonNode;

class DatasetApiTest extends IntegrationTest {

    private Api.Response uploadCsv(String name, byte[] csv, String target, String... extra) {
        Map<String, String> fields = new HashMap<>(Map.of("name", name));
        if (target != null) {
            fields.put("target", target);
        }
        for (int i = 0; i + 1 < extra.length; i += 2) {
            fields.put(extra[i], extra[i + 1]);
        }
        return api.postMultipart("/api/v1/datasets", fields, Map.of("file", csv));
    }

    private String uploaded(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    @Test
    void irisTrainsToHighTestAccuracy() {
        Api.Response r = uploadCsv("iris", SharedDatasets.read("iris.csv"), "species");
        String dataset = uploaded(r);
        JsonNode schema = r.json().get("schema");
        assertThat(r.json().get("rows").asInt()).isEqualTo(150);
        assertThat(r.json().get("task").asString()).isEqualTo("classification");
        assertThat(schema.get("classBalance").toString()).contains("setosa").contains("50");
        assertThat(r.header("Location")).endsWith("/api/v1/datasets/" + dataset);
        String job = submit("""
                {"dataset": {"id": "%s"}, "model": {"hidden": [16]}, "optimizer": {"type": "adam", "learningRate": 0.02},
                 "training": {"epochs": 60, "batchSize": 16, "seed": 3}}""".formatted(dataset));
        JsonNode done = awaitFinal(job, Duration.ofSeconds(120));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("result").get("metrics").get("test").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(done.get("datasetId").asString()).isEqualTo(dataset);
    }

    @Test
    void mnistIdxTrainsAnMlpToHighTestAccuracy() {
        Api.Response r = api.postMultipart("/api/v1/datasets", Map.of("name", "mnist-10k"), Map.of(
                "images", SharedDatasets.read("mnist-t10k/t10k-images-idx3-ubyte.gz"),
                "labels", SharedDatasets.read("mnist-t10k/t10k-labels-idx1-ubyte.gz")));
        String dataset = uploaded(r);
        assertThat(r.json().get("rows").asInt()).isEqualTo(10000);
        assertThat(r.json().get("features").asInt()).isEqualTo(784);
        assertThat(r.json().get("schema").get("imageShape").toString()).isEqualTo("[1,28,28]");
        String job = submit("""
                {"dataset": {"id": "%s"}, "model": {"hidden": [256]}, "optimizer": {"type": "adam", "learningRate": 0.001},
                 "training": {"epochs": 8, "batchSize": 64}, "validation": {"validationFraction": 0.1, "testFraction": 0.2}}
                """.formatted(dataset));
        JsonNode done = awaitFinal(job, Duration.ofSeconds(300));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("result").get("metrics").get("test").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.93);
    }

    @Test
    void aCategoricalFeatureWithMissingValuesInASemicolonFileTrains() {
        StringBuilder csv = new StringBuilder("size;colour;label\n");
        String[] colours = {"red", "green", "blue"};
        for (int i = 0; i < 300; i++) {
            String colour = i % 17 == 0 ? "" : colours[i % 3];
            csv.append(i % 10).append(';').append(colour).append(';').append(i % 3 == 0 ? "yes" : "no").append('\n');
        }
        Api.Response r = uploadCsv("colours", csv.toString().getBytes(StandardCharsets.UTF_8), "label");
        String dataset = uploaded(r);
        JsonNode colour = column(r.json(), "colour");
        assertThat(colour.get("type").asString()).isEqualTo("categorical");
        assertThat(colour.get("missing").asInt()).isEqualTo(18);
        assertThat(r.json().get("schema").get("delimiter").asString()).isEqualTo(";");
        String job = submit("""
                {"dataset": {"id": "%s"}, "model": {"hidden": [8]}, "training": {"epochs": 15}}""".formatted(dataset));
        JsonNode done = awaitFinal(job, Duration.ofSeconds(120));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        // the label is a function of the colour (red <=> yes), except where the colour is missing
        assertThat(done.get("result").get("metrics").get("test").get("accuracy").asDouble()).isGreaterThan(0.9);
    }

    @Test
    void regressionInLargeUnitsReportsRmseInThoseUnitsAndDatesAreLeftOut() {
        StringBuilder csv = new StringBuilder("sold_on,area,price\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int i = 0; i < 400; i++) {
            double area = 40 + random.nextDouble() * 160;
            double price = 3000 * area + 50_000 + random.nextGaussian() * 20_000;
            csv.append(String.format("2023-%02d-%02d,%.1f,%.0f%n", i % 12 + 1, i % 28 + 1, area, price));
        }
        Api.Response r = uploadCsv("houses", csv.toString().getBytes(StandardCharsets.UTF_8), "price");
        String dataset = uploaded(r);
        assertThat(r.json().get("task").asString()).isEqualTo("regression");
        assertThat(column(r.json(), "sold_on").get("role").asString()).isEqualTo("left_out");
        assertThat(column(r.json(), "sold_on").get("reason").asString()).contains("dates");
        String job = submit("""
                {"dataset": {"id": "%s"}, "model": {"hidden": [16]}, "optimizer": {"learningRate": 0.01},
                 "training": {"epochs": 40}}""".formatted(dataset));
        JsonNode done = awaitFinal(job, Duration.ofSeconds(120));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        double rmse = done.get("result").get("metrics").get("test").get("rmse").asDouble();
        // the noise is 20,000 in price units: a standardized-unit RMSE would be below 1
        assertThat(rmse).isBetween(15_000.0, 40_000.0);
    }

    @Test
    void badFilesGetProblemDetailsNamingTheRowOrColumnAndStoreNothing() {
        long before = api.get("/api/v1/datasets?size=1").json().get("totalItems").asLong();
        assertRejected(uploadCsv("ragged", "a,b,y\n1,2,0\n3,1\n".getBytes(StandardCharsets.UTF_8), "y"), "row 2");
        assertRejected(uploadCsv("no-target", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "label"), "'label' does not exist");
        assertRejected(uploadCsv("stray", "price,y\n1,0\n2,1\n3,0\n4,1\n5,0\nabc,1\n".getBytes(StandardCharsets.UTF_8), "y"),
                "column 'price'", "row 6");
        assertRejected(uploadCsv("empty", new byte[0], "y"), "empty");
        assertRejected(uploadCsv("binary", new byte[]{1, 2, 0, 0, 5, 9, 0}, "y"), "binary");
        Api.Response idx = api.postMultipart("/api/v1/datasets", Map.of("name", "mismatch"), Map.of(
                "images", IdxReaderTest.images(3, 2, 2), "labels", IdxReaderTest.labels(1, 2)));
        assertRejected(idx, "3 images but 2 labels");
        assertThat(api.get("/api/v1/datasets?size=1").json().get("totalItems").asLong()).isEqualTo(before);
    }

    @Test
    void aDatasetInUseCannotBeDeletedAndAnUnusedOneCan() {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i).append(',').append(i % 2).append('\n');
        }
        String dataset = uploaded(uploadCsv("to-delete", csv.toString().getBytes(StandardCharsets.UTF_8), "y"));
        String job = submit("""
                {"dataset": {"id": "%s"}, "training": {"epochs": 3000, "batchMode": "stochastic"}}""".formatted(dataset));
        Api.Response refused = api.delete("/api/v1/datasets/" + dataset);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("queued or running job");
        api.post("/api/v1/jobs/" + job + "/cancel", "");
        awaitFinal(job, Duration.ofSeconds(30));
        assertThat(api.delete("/api/v1/datasets/" + dataset).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/datasets/" + dataset).status()).isEqualTo(404);
    }

    @Test
    void builtinGeneratorsAreListed() {
        JsonNode builtins = api.get("/api/v1/datasets/builtin").json();
        assertThat(builtins.toString()).contains("moons", "circles", "spirals", "blobs", "xor", "sine");
    }

    private static void assertRejected(Api.Response r, String... mentions) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asString()).contains(mentions);
    }

    private static JsonNode column(JsonNode dataset, String name) {
        for (JsonNode c : dataset.get("schema").get("columns")) {
            if (c.get("name").asString().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no column " + name);
    }
}
