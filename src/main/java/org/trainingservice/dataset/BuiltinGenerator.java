package org.trainingservice.dataset;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.trainingservice.training.spec.Task;

/** A built-in generator as {@code GET /api/v1/datasets/builtin} describes it. */
@Schema(description = "A built-in dataset generator and its parameters")
public record BuiltinGenerator(
        @Schema(example = "moons") String name,
        @Schema(example = "classification") Task task,
        String description,
        @Schema(example = "1000") int defaultSamples,
        @Schema(example = "0.2") double defaultNoise,
        @Schema(description = "default class count, or null where fixed") Integer defaultClasses,
        List<String> parameters) {
}
