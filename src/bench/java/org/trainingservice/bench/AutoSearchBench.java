package org.trainingservice.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.trainingservice.TrainingServiceApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 16's bar for {@code "searchSpace": "auto"}: on real tabular data (Iris, read in place from the datasets folder
 * beside the clone, {@code -Dbench.datasets=<folder>}), the best trial of a 20-trial TPE search over the automatic
 * space against one hand-tuned spec ({@link #HAND_TUNED}), both on the same seed and so the same stratified split,
 * the same epochs and the same early stopping. The automatic search picks the rest (learning rate, width and depth,
 * dropout, L2, batch size, activation) by validation loss; both are compared on the test split, which neither saw.
 */
final class AutoSearchBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "bench-auto-key";
    /** What both share: the split (seed), the length and the early stopping. */
    private static final String SHARED = """
            "training": {"epochs": 150, "seed": 1},
            "regularization": {"earlyStopping": {"monitor": "val_loss", "patience": 20, "restoreBest": true}}""";
    /**
     * The hand-tuned pipeline: standardized inputs (always on), one tanh layer of 16 (Iris has 4 features and 3
     * classes), Adam at 0.01, batches of 16 of the 90 training rows, a light L2, early stopping on validation loss.
     */
    static final String HAND_TUNED = """
            {"dataset": {"id": "%s"}, "model": {"hidden": [16], "activation": "tanh"},
             "optimizer": {"learningRate": 0.01}, "training": {"epochs": 150, "batchSize": 16, "seed": 1},
             "regularization": {"l2": 0.0001, "earlyStopping": {"monitor": "val_loss", "patience": 20,
                                "restoreBest": true}}}""";
    private static final String AUTO = """
            {"name": "bench-iris-auto", "baseSpec": {"dataset": {"id": "%s"}, %s},
             "searchSpace": "auto", "searcher": {"type": "tpe", "maxTrials": 20, "maxConcurrentTrials": 2, "seed": 1},
             "objective": {"metric": "val_loss"}}""";

    private AutoSearchBench() {
    }

    static Map<String, Object> run(Path out) throws Exception {
        Path iris = Path.of(System.getProperty("bench.datasets", "../shared/datasets"), "iris.csv");
        Map<String, Object> section = new LinkedHashMap<>();
        if (!Files.exists(iris)) {
            section.put("skipped", "no " + iris + " (give -Dbench.datasets=<folder with iris.csv>)");
            return section;
        }
        ConfigurableApplicationContext app = SpringApplication.run(TrainingServiceApplication.class,
                "--server.port=0", "--training.data-dir=" + out.resolve("auto-search"),
                "--training.security.admin-key=" + KEY,
                "--training.djl-cache=" + System.getProperty("DJL_CACHE_DIR", "target/djl-cache"),
                "--spring.datasource.url=jdbc:h2:mem:auto-search;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH",
                "--logging.level.root=WARN");
        try {
            String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            String dataset = upload(http, base, iris);
            String job = JSON.readTree(send(http, ApiLoad.post(base + "/api/v1/jobs", KEY,
                    HAND_TUNED.formatted(dataset)))).get("id").asString();
            String experiment = JSON.readTree(send(http, ApiLoad.post(base + "/api/v1/experiments", KEY,
                    AUTO.formatted(dataset, SHARED)))).get("id").asString();
            JsonNode hand = await(http, base + "/api/v1/jobs/" + job);
            JsonNode auto = await(http, base + "/api/v1/experiments/" + experiment);
            JsonNode best = auto.get("best");
            section.put("dataset", "iris, 150 rows, 4 features, 3 classes; holdout split of seed 1 (test 30 rows)");
            section.put("handTunedSpec", JSON.readTree(HAND_TUNED.formatted("<iris>")));
            section.put("handTuned", Map.of("test", hand.get("result").get("metrics").get("test"),
                    "validation", hand.get("result").get("metrics").get("validation")));
            section.put("autoBest", Map.of("trialNumber", best.get("trialNumber").asInt(),
                    "hyperparameters", best.get("hyperparameters"), "test", best.get("metrics").get("test"),
                    "validation", best.get("metrics").get("validation")));
            section.put("autoTrials", auto.get("progress").get("trials").asInt());
            section.put("autoStatus", auto.get("status").asString());
            return section;
        } finally {
            app.close();
        }
    }

    private static String upload(HttpClient http, String base, Path csv) throws Exception {
        String boundary = "----bench" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][]{{"name", "iris"}, {"target", "species"}}) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n"
                    + field[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"iris.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(csv));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets"))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return JSON.readTree(send(http, request)).get("id").asString();
    }

    private static String send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Polls a job or an experiment until it is final; it must have SUCCEEDED. */
    private static JsonNode await(HttpClient http, String url) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (Instant.now().isBefore(deadline)) {
            JsonNode node = JSON.readTree(send(http, ApiLoad.get(url, KEY)));
            String status = node.get("status").asString();
            if (status.equals("SUCCEEDED")) {
                return node;
            }
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                throw new IllegalStateException(url + " ended " + status + ": " + node);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(url + " did not end within 30 minutes");
    }

    static void print(Map<?, ?> section) {
        System.out.printf("%nauto search on Iris against a hand-tuned spec: %s%n", JSON.writeValueAsString(section));
    }
}
