package org.trainingservice.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Request bodies meant to hurt: each gets a 4xx problem that names the limit it hit, and the node carries on. */
class HostileRequestBodyTest extends IntegrationTest {

    private static final String DEEP_ARRAY = "[".repeat(100_000) + "]".repeat(100_000);

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        for (String body : List.of("null", "[]", "[null]", "[{\"dataset\": {\"builtin\": \"moons\"}}]", "\"moons\"", "42", "true")) {
            JsonNode problem = refused(api.post("/api/v1/jobs", body), 400);
            assertThat(problem.get("detail").asString()).as(body).contains("JSON object");
        }
    }

    @Test
    void jsonNested100000DeepIsRefusedNamingTheLimit() {
        // a spec binds to typed fields, so a nesting is refused at its first bracket, as the wrong type
        for (String body : List.of("{\"dataset\": {\"builtin\": \"moons\"}, \"name\": " + DEEP_ARRAY + "}", DEEP_ARRAY,
                "{\"dataset\": " + "{\"a\": ".repeat(100_000) + "1" + "}".repeat(100_000) + "}")) {
            refused(api.post("/api/v1/jobs", body), 400);
        }
        // instances to predict are free-form, so the parser goes down the nesting until the limit stops it
        JsonNode problem = refused(api.post("/api/v1/jobs/" + UUID.randomUUID() + "/predict",
                "{\"instances\": " + DEEP_ARRAY + "}"), 400);
        assertThat(problem.get("detail").asString()).contains("more than 100 levels")
                .contains("training.limits.max-json-depth=100");
        // and exactly there: 100 levels are read (and then refused as no model exists), 101 are not
        String instances99 = "[".repeat(99) + "1" + "]".repeat(99);
        assertThat(api.post("/api/v1/jobs/" + UUID.randomUUID() + "/predict", "{\"instances\": " + instances99 + "}")
                .status()).isEqualTo(404);
        assertThat(refused(api.post("/api/v1/jobs/" + UUID.randomUUID() + "/predict",
                "{\"instances\": [" + instances99 + "]}"), 400).get("detail").asString()).contains("max-json-depth");
        assertThat(api.get("/api/v1/jobs?size=1").status()).isEqualTo(200);
    }

    @Test
    void aMegabyteNameIsRefusedNamingTheLimitWithOrWithoutContentLength() {
        String body = "{\"dataset\": {\"builtin\": \"moons\"}, \"name\": \"" + "n".repeat(1 << 20) + "\"}";
        assertThat(refused(api.post("/api/v1/jobs", body), 413).get("detail").asString())
                .contains("training.limits.max-request-body");
        // streamed without Content-Length (chunked): counted while it is read, and refused the same way
        Api.Response chunked = api.send(api.request("/api/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))).build());
        assertThat(refused(chunked, 413).get("detail").asString()).contains("more than 1048576 bytes")
                .contains("training.limits.max-request-body");
        // a chunked body under the limit is read as usual
        Api.Response small = api.send(api.request("/api/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        "{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"epochs\": 1}}".getBytes(StandardCharsets.UTF_8))))
                .build());
        assertThat(small.status()).as(small.body()).isEqualTo(201);
        // under the body limit, the name's own limit answers
        JsonNode tooLong = refused(api.post("/api/v1/jobs", "{\"dataset\": {\"builtin\": \"moons\"}, \"name\": \""
                + "n".repeat(201) + "\"}"), 400);
        assertThat(tooLong.get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(tooLong.get("detail").asString()).contains("at most 200 characters");
    }

    private static JsonNode refused(Api.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        return r.json();
    }
}
