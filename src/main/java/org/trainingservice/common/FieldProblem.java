package org.trainingservice.common;

/** One bad field of a request: its path (like {@code optimizer.type}) and what is allowed. */
public record FieldProblem(String field, String message) {
}
