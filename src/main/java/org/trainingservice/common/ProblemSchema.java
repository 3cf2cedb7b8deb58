package org.trainingservice.common;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The one shape of every error, for the OpenAPI document: Spring's {@code ProblemDetail} keeps its extension members
 * in a map, which a schema generator would show as a {@code properties} field no response has.
 */
@Schema(name = "ProblemDetail", description = """
        RFC 9457 problem details: the shape of every error this API answers, as application/problem+json. \
        `errors` lists each bad field of a 400 (empty for other errors).""")
public record ProblemSchema(
        @Schema(description = "a URI that identifies the problem type", example = "about:blank", format = "uri",
                requiredMode = Schema.RequiredMode.REQUIRED) String type,
        @Schema(example = "Invalid request", requiredMode = Schema.RequiredMode.REQUIRED) String title,
        @Schema(description = "the HTTP status", example = "400", requiredMode = Schema.RequiredMode.REQUIRED) int status,
        @Schema(description = "what went wrong and what to do, for a person",
                example = "training.epochs: must be between 1 and 10000, was 0",
                requiredMode = Schema.RequiredMode.REQUIRED) String detail,
        @Schema(description = "the path of the request", example = "/api/v1/jobs", format = "uri-reference") String instance,
        @Schema(description = "each bad field and the fix; empty when the problem is not about a field",
                requiredMode = Schema.RequiredMode.REQUIRED) List<FieldProblem> errors) {
}
