package org.trainingservice.contract;

import static org.assertj.core.api.Assertions.assertThat;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.IntegrationTest;

/** The served /v3/api-docs, read by a real OpenAPI parser: valid, and saying what a generated client needs. */
class OpenApiContractTest extends IntegrationTest {

    private OpenApiDocument doc;

    @BeforeEach
    void read() {
        doc = OpenApiDocument.served(api);
    }

    @Test
    void theServedDocumentParsesWithoutErrorsOrWarnings() {
        assertThat(doc.model()).isNotNull();
        assertThat(doc.messages()).as("swagger-parser's messages").isEmpty();
        assertThat(doc.model().getPaths()).hasSizeGreaterThan(15);
        // a linter's warning otherwise (redocly: no-server-example.com), and wrong for a client on another host
        assertThat(doc.model().getServers()).extracting(io.swagger.v3.oas.models.servers.Server::getUrl).containsExactly("/");
    }

    @Test
    void theResultIsTypedWithItsParts() {
        Schema<?> result = property("JobView", "result");
        assertThat(result.get$ref()).isEqualTo("#/components/schemas/TrainingResult");
        assertThat(schema("TrainingResult").getProperties().keySet())
                .contains("metrics", "diagnosis", "diagnosisDetail", "bestEpoch", "crossValidation", "ensemble",
                        "biasVariance", "stopReason");
        assertThat(schema("CrossValidation").getProperties()).containsKey("folds");
        assertThat(schema("Ensemble").getProperties()).containsKey("members");
        assertThat(schema("BiasVariance").getProperties()).containsKey("bias2");
        assertThat(doc.json()).doesNotContain("\"valueNode\"").doesNotContain("\"nodeType\"");
    }

    @Test
    void everyErrorIsAProblemWithErrorsAndEveryOperationDeclaresItsErrors() {
        Schema<?> problem = schema("ProblemDetail");
        assertThat(problem.getProperties().keySet()).contains("type", "title", "status", "detail", "instance", "errors");
        assertThat(problem.getProperties()).doesNotContainKey("properties");
        assertThat(problem.getProperties().get("errors").getItems().get$ref()).isEqualTo("#/components/schemas/FieldProblem");
        assertThat(schema("FieldProblem").getProperties().keySet()).containsExactlyInAnyOrder("field", "message");
        List<String> missing = new ArrayList<>();
        operations().forEach((name, op) -> {
            String path = name.substring(name.indexOf(' ') + 1);
            Map<String, ApiResponse> responses = op.getResponses();
            if (responses.keySet().stream().noneMatch(code -> code.startsWith("4"))) {
                missing.add(name + ": no 4xx");
            }
            require(missing, name, responses, "401", true);
            require(missing, name, responses, "403", path.startsWith("/api/v1/admin/"));
            require(missing, name, responses, "404", path.contains("{"));
            require(missing, name, responses, "400", op.getRequestBody() != null);
            responses.forEach((code, response) -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    Content content = response.getContent();
                    if (content == null || !content.containsKey("application/problem+json")
                            || !"#/components/schemas/ProblemDetail".equals(content.get("application/problem+json").getSchema().get$ref())) {
                        missing.add(name + " " + code + ": not a ProblemDetail as application/problem+json");
                    }
                }
            });
        });
        require(missing, "POST /api/v1/jobs", operations().get("POST /api/v1/jobs").getResponses(), "429", true);
        require(missing, "POST /api/v1/jobs/{id}/cancel", operations().get("POST /api/v1/jobs/{id}/cancel").getResponses(), "409", true);
        require(missing, "DELETE /api/v1/datasets/{id}", operations().get("DELETE /api/v1/datasets/{id}").getResponses(), "409", true);
        require(missing, "POST /api/v1/jobs/{id}/predict", operations().get("POST /api/v1/jobs/{id}/predict").getResponses(), "409", true);
        assertThat(missing).isEmpty();
    }

    @Test
    void mediaTypesAreConcreteAndTheUploadIsAForm() {
        assertThat(doc.json()).doesNotContain("\"*/*\"");
        assertThat(successTypes("GET /api/v1/jobs/{id}")).containsExactly("application/json");
        assertThat(successTypes("GET /api/v1/jobs/{id}/events")).containsExactly("text/event-stream");
        assertThat(successTypes("GET /api/v1/experiments/{id}/events")).containsExactly("text/event-stream");
        assertThat(successTypes("GET /api/v1/jobs/{id}/model")).containsExactly("application/zip");
        assertThat(successTypes("GET /api/v1/experiments/{id}/model")).containsExactly("application/zip");
        assertThat(operations().get("GET /api/v1/jobs/{id}").getResponses().get("304").getContent()).isNull();

        Operation upload = operations().get("POST /api/v1/datasets");
        assertThat(upload.getParameters()).as("form fields are not query parameters").isNullOrEmpty();
        Content form = upload.getRequestBody().getContent();
        assertThat(form.keySet()).containsExactly("multipart/form-data");
        Schema<?> fields = resolve(form.get("multipart/form-data").getSchema());
        assertThat(fields.getProperties().keySet()).contains("name", "file", "images", "labels", "target", "task", "ignore");
        assertThat(fields.getRequired()).containsExactly("name");
        assertThat(fields.getProperties().get("file").getFormat()).isEqualTo("binary");
    }

    @Test
    void requiredFieldsAreMarkedAndTheAuthorizeTextKeepsItsPlaceholder() {
        assertThat(schema("JobSpec").getRequired()).containsExactly("dataset");
        assertThat(schema("ExperimentSpec").getRequired()).contains("baseSpec");
        assertThat(schema("PredictionRequest").getRequired()).containsExactly("instances");
        assertThat(schema("ProblemDetail").getRequired()).contains("status", "detail", "errors");
        String authorize = doc.model().getComponents().getSecuritySchemes().get("apiKey").getDescription();
        // Swagger UI renders it as Markdown: outside a code span, <key> would be taken for an HTML tag and vanish
        assertThat(authorize).contains("`Authorization: Bearer <key>`");
        assertThat(authorize.replace("`Authorization: Bearer <key>`", "")).doesNotContain("<");
    }

    @Test
    void schemaNamesAreUniqueSoNoneHidesAnother() {
        // springdoc names nested records by their simple name; two Progress records would share one schema
        assertThat(property("JobView", "progress").get$ref()).isEqualTo("#/components/schemas/JobProgress");
        assertThat(property("ExperimentView", "progress").get$ref()).isEqualTo("#/components/schemas/ExperimentProgress");
        assertThat(schema("ExperimentProgress").getProperties()).containsKeys("trials", "maxTrials", "epochsUsed");
        assertThat(schema("JobProgress").getProperties()).containsKeys("epoch", "totalEpochs");
        Set<String> referenced = new HashSet<>();
        doc.model().getComponents().getSchemas().keySet().forEach(name -> {
            if (doc.json().contains("\"#/components/schemas/" + name + "\"")) {
                referenced.add(name);
            }
        });
        assertThat(referenced).as("every schema is used").containsExactlyInAnyOrderElementsOf(
                doc.model().getComponents().getSchemas().keySet());
    }

    private void require(List<String> missing, String name, Map<String, ApiResponse> responses, String code, boolean when) {
        if (when && !responses.containsKey(code)) {
            missing.add(name + ": no " + code);
        }
    }

    private List<String> successTypes(String operation) {
        ApiResponse ok = operations().get(operation).getResponses().get("200");
        return new ArrayList<>(ok.getContent().keySet());
    }

    private Map<String, Operation> operations() {
        return ContractOperations.of(doc.model());
    }

    private Schema<?> schema(String name) {
        Schema<?> schema = doc.model().getComponents().getSchemas().get(name);
        assertThat(schema).as("schema " + name).isNotNull();
        return schema;
    }

    private Schema<?> property(String schema, String property) {
        Schema<?> p = schema(schema).getProperties().get(property);
        assertThat(p).as(schema + "." + property).isNotNull();
        return p;
    }

    private Schema<?> resolve(Schema<?> schema) {
        return schema.get$ref() == null ? schema : schema(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
    }
}
