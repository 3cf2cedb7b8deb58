package org.trainingservice.common;

import io.swagger.v3.oas.annotations.media.Schema;

/** One bad field of a request: its path (like {@code optimizer.type}) and what is allowed. */
@Schema(description = "One bad field: its path in the request and what to send instead")
public record FieldProblem(
        @Schema(description = "the field's path (`optimizer.learningRate`, `model.hidden[0]`), a form field or "
                + "parameter name, a row or column of an upload; empty when the problem is the whole body",
                example = "training.epochs", requiredMode = Schema.RequiredMode.REQUIRED) String field,
        @Schema(description = "what is wrong and what is allowed", example = "must be between 1 and 10000, was 0",
                requiredMode = Schema.RequiredMode.REQUIRED) String message) {
}
