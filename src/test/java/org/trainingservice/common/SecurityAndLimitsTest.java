package org.trainingservice.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.SecondNode;
import org.trainingservice.support.SharedDatasets;
import tools.jackson.databind.JsonNode;

class SecurityAndLimitsTest extends IntegrationTest {

    private String issue(String tenant, String role) {
        Api.Response r = api.post("/api/v1/admin/api-keys", "{\"tenant\": \"" + tenant + "\", \"role\": \"" + role + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("key").asString()).startsWith("tsk_");
        return r.json().get("key").asString();
    }

    @Test
    void requestsWithoutOrWithAWrongKeyGet401ProblemDetails() {
        Api.Response none = api.as(null).get("/api/v1/jobs");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(none.json().get("detail").asString()).contains("Authorization: Bearer");
        Api.Response wrong = api.as("tsk_not-a-key").get("/api/v1/jobs");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("tsk_not-a-key");
        assertThat(api.as(null).get("/actuator/health").status()).isEqualTo(200);
        assertThat(api.as(null).get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(api.as(null).get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        Api.Response issued = api.post("/api/v1/admin/api-keys", "{\"tenant\": \"revoked-co\"}");
        String key = issued.json().get("key").asString();
        assertThat(api.as(key).get("/api/v1/jobs").status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/admin/api-keys/" + issued.json().get("id").asString()).status()).isEqualTo(204);
        assertThat(api.as(key).get("/api/v1/jobs").status()).isEqualTo(401);
        assertThat(api.delete("/api/v1/admin/api-keys/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
    }

    @Test
    void userKeysCannotReachAdminEndpoints() {
        String user = issue("plain-user", "user");
        Api.Response r = api.as(user).post("/api/v1/admin/api-keys", "{\"tenant\": \"x\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.post("/api/v1/admin/api-keys", "{\"tenant\": \"bad tenant!\", \"role\": \"root\"}").status()).isEqualTo(400);
    }

    @Test
    void tenantsSeeOnlyTheirOwnJobsAndDatasets() {
        Api a = api.as(issue("tenant-a", "user"));
        Api b = api.as(issue("tenant-b", "user"));
        Api.Response upload = a.postMultipart("/api/v1/datasets", Map.of("name", "iris-a", "target", "species"),
                Map.of("file", SharedDatasets.read("iris.csv")));
        String dataset = upload.json().get("id").asString();
        Api.Response submitted = a.post("/api/v1/jobs", """
                {"dataset": {"id": "%s"}, "model": {"hidden": [8]}, "training": {"epochs": 5}}""".formatted(dataset));
        assertThat(submitted.status()).isEqualTo(201);
        String job = submitted.json().get("id").asString();
        JsonNode done = awaitFinal(job, Duration.ofSeconds(120));
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");

        assertThat(b.get("/api/v1/jobs/" + job).status()).isEqualTo(404);
        assertThat(b.get("/api/v1/jobs/" + job + "/metrics").status()).isEqualTo(404);
        assertThat(b.post("/api/v1/jobs/" + job + "/cancel", "").status()).isEqualTo(404);
        assertThat(b.post("/api/v1/jobs/" + job + "/predict", "{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}").status()).isEqualTo(404);
        assertThat(b.get("/api/v1/jobs/" + job + "/model").status()).isEqualTo(404);
        assertThat(b.get("/api/v1/jobs/" + job + "/events").status()).isEqualTo(404);
        assertThat(b.get("/api/v1/datasets/" + dataset).status()).isEqualTo(404);
        assertThat(b.delete("/api/v1/datasets/" + dataset).status()).isEqualTo(404);
        assertThat(b.get("/api/v1/jobs?size=200").body()).doesNotContain(job);
        assertThat(b.get("/api/v1/datasets?size=200").body()).doesNotContain(dataset);
        Api.Response borrowed = b.post("/api/v1/jobs", "{\"dataset\": {\"id\": \"" + dataset + "\"}}");
        assertThat(borrowed.status()).isEqualTo(400);
        assertThat(borrowed.json().get("detail").asString()).contains("does not exist");

        assertThat(a.get("/api/v1/jobs/" + job).status()).isEqualTo(200);
        assertThat(a.post("/api/v1/jobs/" + job + "/predict", "{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/jobs/" + job).status()).as("admins see every tenant").isEqualTo(200);
        assertThat(api.get("/api/v1/datasets?size=200").body()).contains(dataset);
    }

    @Test
    void eachLimitIsEnforcedWithAMessageThatNamesIt() {
        assertLimit("{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"epochs\": 6000}}", "training.epochs", "max-epochs");
        assertLimit("{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"batchSize\": 10000}}", "training.batchSize", "max-batch-size");
        assertLimit("{\"dataset\": {\"builtin\": \"moons\"}, \"model\": {\"hidden\": [3000]}}", "model.hidden[0]", "max-hidden-units");
        assertLimit("{\"dataset\": {\"builtin\": \"moons\"}, \"model\": {\"hidden\": [2048, 2048, 2048]}}", "model", "max-parameters");
        assertLimit("{\"dataset\": {\"builtin\": \"moons\", \"samples\": 150000}}", "dataset.samples", "max-samples");
        assertLimit("{\"dataset\": {\"builtin\": \"moons\"}, \"validation\": {\"strategy\": \"kfold\", \"folds\": 15}}", "validation.folds", "max-folds");
        assertLimit("{\"dataset\": {\"builtin\": \"moons\"}, \"ensemble\": {\"method\": \"bagging\", \"members\": 30}}", "ensemble.members", "max-members");
        assertLimit("{\"dataset\": {\"builtin\": \"moons\"}, \"analysis\": {\"biasVariance\": {\"rounds\": 60}}}", "analysis.biasVariance.rounds", "max-rounds");
    }

    private void assertLimit(String spec, String field, String property) {
        Api.Response r = api.post("/api/v1/jobs", spec);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains(field);
        assertThat(r.json().get("detail").asString()).contains("training.limits." + property);
    }

    @Test
    void aTenantOverItsQueueQuotaGets429() {
        Api busy = api.as(issue("busy-tenant", "user"));
        List<String> submitted = new ArrayList<>();
        Api.Response last = null;
        for (int i = 0; i < 30; i++) {
            last = busy.post("/api/v1/jobs", "{\"dataset\": {\"builtin\": \"xor\"}, \"training\": {\"epochs\": 4000, \"batchMode\": \"stochastic\"}}");
            if (last.status() != 201) {
                break;
            }
            submitted.add(last.json().get("id").asString());
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("Content-Type")).startsWith("application/problem+json");
        assertThat(last.json().get("detail").asString()).contains("max-queued-per-tenant");
        assertThat(submitted.size()).isBetween(20, 22);
        submitted.forEach(id -> busy.post("/api/v1/jobs/" + id + "/cancel", ""));
        submitted.forEach(id -> awaitFinal(id, Duration.ofSeconds(30)));
    }

    @Test
    void oversizedRequestBodiesGet413() {
        String huge = "{\"name\": \"" + "x".repeat(2_000_000) + "\", \"dataset\": {\"builtin\": \"moons\"}}";
        Api.Response r = api.post("/api/v1/jobs", huge);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("detail").asString()).contains("max-request-body");
    }

    @Test
    void secretsAppearNeitherInTheOpenApiDocumentNorInErrors() {
        String docs = api.as(null).get("/v3/api-docs").body();
        assertThat(docs).doesNotContain(Api.ADMIN_KEY).doesNotContain("password");
        assertThat(docs).contains("bearer");
        Api.Response error = api.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000");
        assertThat(error.body()).doesNotContain(Api.ADMIN_KEY);
    }

    @Test
    void aJobOverTheWallClockLimitFailsWithTheReason() {
        // the test profile's limit is generous, so that long jobs never hit it on a loaded machine: a second node with
        // a limit of 3 s takes this job while this node's one slot is busy
        String longJob = "{\"dataset\": {\"builtin\": \"moons\", \"samples\": 2000}, \"training\": {\"epochs\": 4000, \"batchMode\": \"stochastic\"}}";
        String blocker = submit(longJob);
        awaitJob(blocker, j -> "RUNNING".equals(j.get("status").asString()), Duration.ofSeconds(60));
        try (SecondNode strict = SecondNode.start("node-strict", List.of("--training.max-duration=3s"))) {
            String id = submit(longJob);
            JsonNode job = awaitFinal(id, Duration.ofSeconds(120));
            assertThat(job.get("node").asString()).isEqualTo(strict.nodeId());
            assertThat(job.get("status").asString()).isEqualTo("FAILED");
            assertThat(job.get("statusMessage").asString()).contains("training.max-duration of PT3S");
        } finally {
            api.post("/api/v1/jobs/" + blocker + "/cancel", "");
            awaitFinal(blocker, Duration.ofSeconds(60));
        }
        assertThat(job(blocker).get("status").asString()).as("this node's limit is not 3 s").isEqualTo("CANCELLED");
    }
}
