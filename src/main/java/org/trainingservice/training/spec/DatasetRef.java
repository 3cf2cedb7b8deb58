package org.trainingservice.training.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Which data a job trains on: an uploaded dataset ({@code id}) or a built-in generator ({@code builtin} with its
 * parameters). Exactly one of the two is given.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "An uploaded dataset ({\"id\": ...}) or a built-in generator ({\"builtin\": \"moons\", \"samples\": 1000, \"noise\": 0.2})")
public record DatasetRef(
        @Schema(description = "id of an uploaded dataset") String id,
        @Schema(description = "built-in generator: moons, circles, spirals, blobs, xor, sine", example = "moons") String builtin,
        @Schema(description = "rows to generate (built-in only)", example = "1000") Integer samples,
        @Schema(description = "noise level (built-in only): standard deviation of Gaussian noise", example = "0.2") Double noise,
        @Schema(description = "number of classes (blobs, spirals)", example = "3") Integer classes) {
}
