package org.trainingservice.common;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Declares the errors every operation can answer, so that a generated client knows them: 401 on every API path (no
 * operation in the document is public), 403 on the admin ones, 404 where a path names an id, 400 where a request
 * carries parameters or a body, 413 and 415 where it carries a body, and 503 while the database is down. 409 and 429
 * are declared by the operations that answer them. Every error response gets the one problem schema, as
 * application/problem+json; a success response that springdoc would type {@code *}/{@code *} gets application/json.
 */
class OpenApiErrorResponses implements OpenApiCustomizer {

    static final String PROBLEM = "application/problem+json";
    private static final String PROBLEM_SCHEMA = "ProblemDetail";

    @Override
    public void customise(OpenAPI openApi) {
        registerProblemSchema(openApi);
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().values().forEach(operation -> {
            if (path.startsWith("/api/")) {
                declareErrors(path, operation);
            }
            shapeResponses(operation.getResponses());
        }));
        removeUnusedSchemas(openApi);
    }

    /**
     * Drops schemas nothing refers to (a streamed body's Java type, say), which linters report and generated
     * clients would carry as empty types. Repeated, since a dropped schema may have been the only user of another.
     */
    private static void removeUnusedSchemas(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        boolean removed = true;
        while (removed) {
            String document = io.swagger.v3.core.util.Json31.pretty(openApi);
            removed = openApi.getComponents().getSchemas().keySet().removeIf(name ->
                    !document.contains("\"#/components/schemas/" + name + "\""));
        }
    }

    private static void registerProblemSchema(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        @SuppressWarnings("rawtypes")
        Map<String, Schema> schemas = ModelConverters.getInstance(openApi.getSpecVersion() == SpecVersion.V31)
                .readAll(new AnnotatedType(ProblemSchema.class));
        schemas.forEach((name, schema) -> openApi.getComponents().addSchemas(name, schema));
    }

    private static void declareErrors(String path, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        ApiResponses responses = operation.getResponses();
        boolean body = operation.getRequestBody() != null;
        boolean parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (body || parameters) {
            add(responses, "400", "invalid request: `errors` names each bad field and what is allowed");
        }
        add(responses, "401", "no valid API key: send it as `Authorization: Bearer <key>`");
        if (path.startsWith("/api/v1/admin/")) {
            add(responses, "403", "this key's role may not use the endpoint: an admin key is needed");
        }
        if (path.contains("{")) {
            add(responses, "404", "no such resource for this caller (another tenant's resources are not found either)");
        }
        if (body) {
            add(responses, "413", "the body is larger than the server accepts (the detail names the limit)");
            add(responses, "415", "the body was sent without the Content-Type this operation takes");
        }
        add(responses, "503", "the database is unavailable: retry after the Retry-After header's seconds");
    }

    private static void add(ApiResponses responses, String code, String description) {
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().description(description));
        }
    }

    /** Errors get the problem schema; successes lose the wildcard media type. Sorted by status for readers. */
    private static void shapeResponses(ApiResponses responses) {
        if (responses == null) {
            return;
        }
        Map<String, ApiResponse> sorted = new TreeMap<>(responses);
        responses.clear();
        sorted.forEach((code, response) -> {
            if (code.equals("204") || code.equals("304")) {
                response.setContent(null);  // no body: springdoc would describe the return type's
            } else if (code.startsWith("4") || code.startsWith("5")) {
                response.setContent(new Content().addMediaType(PROBLEM, new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
            } else if (response.getContent() != null && response.getContent().containsKey("*/*")) {
                MediaType any = response.getContent().remove("*/*");
                response.getContent().putIfAbsent("application/json", any);
            }
            responses.addApiResponse(code, response);
        });
    }
}
