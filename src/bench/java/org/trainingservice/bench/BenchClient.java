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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few API calls the auto-search section makes: upload a CSV, submit, and poll a job or experiment to its end. */
final class BenchClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String key;

    BenchClient(String base, String key) {
        this.base = base;
        this.key = key;
    }

    /** Uploads {@code csv} as a dataset with {@code target} as its label column; returns the dataset's id. */
    String upload(String name, Path csv, String target) throws Exception {
        String boundary = "----bench" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][]{{"name", name}, {"target", target}}) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n"
                    + field[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + csv.getFileName() + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(csv));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return JSON.readTree(send(request)).get("id").asString();
    }

    /** POSTs {@code json} to {@code path} (e.g. /api/v1/jobs); returns the created resource's id. */
    String create(String path, String json) throws Exception {
        return JSON.readTree(send(ApiLoad.post(base + path, key, json))).get("id").asString();
    }

    /** Polls a job or an experiment until it is final; it must have SUCCEEDED. */
    JsonNode await(String path) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (Instant.now().isBefore(deadline)) {
            JsonNode node = JSON.readTree(send(ApiLoad.get(base + path, key)));
            String status = node.get("status").asString();
            if (status.equals("SUCCEEDED")) {
                return node;
            }
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                throw new IllegalStateException(path + " ended " + status + ": " + node);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(path + " did not end within 30 minutes");
    }

    /** POSTs {@code json} to {@code path} (e.g. a job's predict) and returns the answer. */
    JsonNode post(String path, String json) throws Exception {
        return JSON.readTree(send(ApiLoad.post(base + path, key, json)));
    }

    /** GETs {@code path} (e.g. an experiment's leaderboard). */
    JsonNode get(String path) throws Exception {
        return JSON.readTree(send(ApiLoad.get(base + path, key)));
    }

    private String send(HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
