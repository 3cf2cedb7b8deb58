package org.trainingservice.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Every error a client can meet has one shape, and the rough ones say what to send instead. */
class ProblemShapeTest extends IntegrationTest {

    private static final List<String> SHAPE = List.of("type", "title", "status", "detail", "instance", "errors");
    private static final String UNKNOWN_JOB = "/api/v1/jobs/00000000-0000-0000-0000-000000000000";

    @Test
    void everyErrorHasTheSameFieldsWhateverAnsweredIt() {
        String user = api.post("/api/v1/admin/api-keys", "{\"tenant\": \"shape\", \"role\": \"user\"}").json().get("key").asString();
        String running = submit("{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"epochs\": 3000}}");
        Map<String, Api.Response> errors = new LinkedHashMap<>();
        errors.put("400 spec", api.post("/api/v1/jobs", "{\"training\": {\"epochs\": -1}}"));
        errors.put("400 body", api.post("/api/v1/jobs", "{\"dataset\": "));
        errors.put("400 upload", api.postMultipart("/api/v1/datasets", Map.of(), Map.of("file", "a,b\n1,2\n".getBytes())));
        errors.put("401", api.as(null).get("/api/v1/jobs"));
        errors.put("403", api.as(user).get("/api/v1/admin/api-keys"));
        errors.put("404 id", api.get(UNKNOWN_JOB));
        errors.put("404 path", api.get("/api/v1/no-such-thing"));
        errors.put("405", api.delete("/api/v1/jobs"));
        errors.put("409", api.post("/api/v1/jobs/" + running + "/predict", "{\"instances\": [[0, 1]]}"));
        errors.put("413", api.post("/api/v1/jobs", "{\"name\": \"" + "x".repeat(2_000_000) + "\"}"));
        errors.put("415", withoutContentType("/api/v1/jobs", "{\"dataset\": {\"builtin\": \"moons\"}}"));
        api.post("/api/v1/jobs/" + running + "/cancel", "");

        errors.forEach((kind, r) -> {
            assertThat(r.status()).as(kind + ": " + r.body()).isEqualTo(Integer.parseInt(kind.substring(0, 3)));
            assertThat(r.header("Content-Type")).as(kind).startsWith("application/problem+json");
            JsonNode problem = r.json();
            List<String> names = new ArrayList<>(problem.propertyNames());
            assertThat(names).as(kind + ": " + r.body()).containsExactlyInAnyOrderElementsOf(SHAPE);
            assertThat(problem.get("status").asInt()).as(kind).isEqualTo(r.status());
            assertThat(problem.get("errors").isArray()).as(kind).isTrue();
            assertThat(problem.get("detail").asString()).as(kind).isNotBlank();
        });
    }

    @Test
    void aMissingUploadNameIsAFieldErrorLikeEveryOther() {
        Api.Response r = api.postMultipart("/api/v1/datasets", Map.of("target", "b"), Map.of("file", "a,b\n1,2\n".getBytes()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(r.json().get("detail").asString()).contains("name").contains("required");
    }

    @Test
    void aMissingContentTypeSaysWhichTypeToSend() {
        Api.Response r = withoutContentType("/api/v1/jobs", "{\"dataset\": {\"builtin\": \"moons\"}}");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.json().get("detail").asString()).contains("no Content-Type").contains("application/json");
    }

    @Test
    void aBarePredictArraySaysHowToWrapIt() {
        Api.Response r = api.post(UNKNOWN_JOB + "/predict", "[[5.1, 3.5, 1.4, 0.2]]");
        assertThat(r.status()).isEqualTo(400);
        String detail = r.json().get("detail").asString();
        assertThat(detail).contains("{\"instances\": [...]}").doesNotContain("org.trainingservice").doesNotContain("`");
    }

    @Test
    void theStatusFilterIgnoresCaseTakesListsAndNamesTheValidValues() {
        String id = submit("{\"dataset\": {\"builtin\": \"xor\", \"samples\": 100}, \"training\": {\"epochs\": 1}}");
        awaitFinal(id, java.time.Duration.ofSeconds(120));
        for (String filter : List.of("succeeded", "Succeeded,queued", "SUCCEEDED", "running&status=succeeded")) {
            Api.Response r = api.get("/api/v1/jobs?size=200&status=" + filter);
            assertThat(r.status()).as(filter + ": " + r.body()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            r.json().get("items").forEach(j -> ids.add(j.get("id").asString()));
            assertThat(ids).as(filter).contains(id);
        }
        Api.Response queuedOnly = api.get("/api/v1/jobs?size=200&status=queued");
        queuedOnly.json().get("items").forEach(j -> assertThat(j.get("status").asString()).isEqualTo("QUEUED"));

        Api.Response wrong = api.get("/api/v1/jobs?status=succeded");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
        assertThat(wrong.json().get("detail").asString()).contains("succeded").contains("SUCCEEDED").contains("QUEUED")
                .contains("CANCELLED").doesNotContain("List");
    }

    private Api.Response withoutContentType(String path, String body) {
        return api.send(api.request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
