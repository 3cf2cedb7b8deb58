package org.trainingservice.contract;

import static org.assertj.core.api.Assertions.assertThat;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Real answers of each kind, compared with the schema the served document gives for that operation and status: a
 * generated client that trusts the document can read every one of them.
 */
class ResponsesMatchTheirSchemasTest extends IntegrationTest {

    private static final String CSV = """
            sepal_length,sepal_width,petal_length,petal_width,species
            5.1,3.5,1.4,0.2,setosa
            4.9,3.0,1.4,0.2,setosa
            4.7,3.2,1.3,0.2,setosa
            5.0,3.6,1.4,0.2,setosa
            7.0,3.2,4.7,1.4,versicolor
            6.4,3.2,4.5,1.5,versicolor
            6.9,3.1,4.9,1.5,versicolor
            5.5,2.3,4.0,1.3,versicolor
            6.3,3.3,6.0,2.5,virginica
            5.8,2.7,5.1,1.9,virginica
            7.1,3.0,5.9,2.1,virginica
            6.5,3.0,5.8,2.2,virginica
            """;

    private static final String EXPERIMENT = """
            {"name": "contract-grid",
             "baseSpec": {"dataset": {"builtin": "xor", "samples": 100}, "model": {"hidden": [8]},
                          "training": {"epochs": 2}},
             "searchSpace": {"optimizer.learningRate": {"type": "grid", "values": [0.01, 0.05]}},
             "searcher": {"type": "grid"}}""";

    @Test
    void eachKindOfAnswerMatchesTheSchemaItsOperationDeclares() {
        OpenApiDocument doc = OpenApiDocument.served(api);
        Map<String, Operation> operations = ContractOperations.of(doc.model());
        Map<String, Checked> answers = new LinkedHashMap<>();

        String job = submit("""
                {"dataset": {"builtin": "moons", "samples": 200}, "model": {"hidden": [8]}, "training": {"epochs": 3},
                 "checkpoint": {"everyEpochs": 1}}""");
        JsonNode done = awaitFinal(job, Duration.ofSeconds(120));
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("result").get("metrics").isObject()).as("the job has a result to check").isTrue();
        answers.put("job with result", new Checked("GET /api/v1/jobs/{id}", "200", api.get("/api/v1/jobs/" + job)));
        answers.put("job page", new Checked("GET /api/v1/jobs", "200", api.get("/api/v1/jobs?size=5")));
        answers.put("metrics", new Checked("GET /api/v1/jobs/{id}/metrics", "200", api.get("/api/v1/jobs/" + job + "/metrics")));
        answers.put("checkpoints", new Checked("GET /api/v1/jobs/{id}/checkpoints", "200",
                api.get("/api/v1/jobs/" + job + "/checkpoints")));
        answers.put("prediction", new Checked("POST /api/v1/jobs/{id}/predict", "200",
                api.post("/api/v1/jobs/" + job + "/predict", "{\"instances\": [[0.5, 0.2], {\"x1\": 1.0, \"x2\": -0.3}]}")));
        answers.put("problem", new Checked("POST /api/v1/jobs", "400",
                api.post("/api/v1/jobs", "{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"epochs\": 0}}")));
        answers.put("not found", new Checked("GET /api/v1/jobs/{id}", "404",
                api.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000")));
        answers.put("unauthorized", new Checked("GET /api/v1/jobs", "401", api.as(null).get("/api/v1/jobs")));

        Api.Response uploaded = api.postMultipart("/api/v1/datasets", Map.of("name", "contract-iris", "target", "species"),
                Map.of("file", CSV.getBytes()));
        answers.put("uploaded dataset", new Checked("POST /api/v1/datasets", "201", uploaded));
        String dataset = uploaded.json().get("id").asString();
        answers.put("dataset", new Checked("GET /api/v1/datasets/{id}", "200", api.get("/api/v1/datasets/" + dataset)));
        answers.put("dataset page", new Checked("GET /api/v1/datasets", "200", api.get("/api/v1/datasets")));
        answers.put("builtins", new Checked("GET /api/v1/datasets/builtin", "200", api.get("/api/v1/datasets/builtin")));
        answers.put("nodes", new Checked("GET /api/v1/nodes", "200", api.get("/api/v1/nodes")));

        Api.Response experiment = api.post("/api/v1/experiments", EXPERIMENT);
        answers.put("created experiment", new Checked("POST /api/v1/experiments", "201", experiment));
        String id = experiment.json().get("id").asString();
        JsonNode best = awaitExperimentBest(id);
        assertThat(best.get("best").get("metrics").isObject()).as("the experiment has a best trial to check").isTrue();
        answers.put("experiment", new Checked("GET /api/v1/experiments/{id}", "200", api.get("/api/v1/experiments/" + id)));
        answers.put("experiment page", new Checked("GET /api/v1/experiments", "200", api.get("/api/v1/experiments")));
        answers.put("leaderboard page", new Checked("GET /api/v1/experiments/{id}/trials", "200",
                api.get("/api/v1/experiments/" + id + "/trials")));

        answers.forEach((kind, checked) -> {
            assertThat(checked.response().status()).as(kind + ": " + checked.response().body())
                    .isEqualTo(Integer.parseInt(checked.status()));
            Operation operation = operations.get(checked.operation());
            assertThat(operation).as(checked.operation()).isNotNull();
            var content = operation.getResponses().get(checked.status()).getContent();
            String type = checked.response().header("Content-Type").split(";")[0];
            assertThat(content).as(kind + ": the answer's media type is declared").containsKey(type);
            Schema<?> schema = content.get(type).getSchema();
            List<String> problems = SchemaConformance.problems(doc.model(), checked.response().json(), schema);
            assertThat(problems).as(kind + " against " + checked.operation() + " " + checked.status()).isEmpty();
        });
    }

    private JsonNode awaitExperimentBest(String id) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode experiment = api.get("/api/v1/experiments/" + id).json();
        while (experiment.get("best") == null || experiment.get("best").get("metrics") == null) {
            assertThat(Instant.now()).as("experiment " + id + " has a best trial: " + experiment).isBefore(deadline);
            sleep(200);
            experiment = api.get("/api/v1/experiments/" + id).json();
        }
        return experiment;
    }

    private record Checked(String operation, String status, Api.Response response) {
    }
}
