package org.trainingservice.training.spec;

/** One problem with a submitted spec: the JSON path of the field and what to do about it. */
public record SpecViolation(String field, String message) {
}
