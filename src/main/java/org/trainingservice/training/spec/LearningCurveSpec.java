package org.trainingservice.training.spec;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@Schema(description = "Train the spec on growing stratified shares of the training split and read whether more data "
        + "or more capacity would help")
public record LearningCurveSpec(
        @ArraySchema(arraySchema = @Schema(description = "shares of the training split in (0, 1], ascending, at most "
                + MAX_FRACTIONS, example = "[0.1, 0.25, 0.5, 1.0]"), schema = @Schema(type = "number"))
        List<Double> fractions,
        @Schema(description = "trainings per share (1 to " + MAX_REPEATS + "), each on its own sample and seed; "
                + "points carry the mean and standard deviation", example = "1") Integer repeats) {

    public static final List<Double> DEFAULT_FRACTIONS = List.of(0.1, 0.25, 0.5, 1.0);
    public static final int MAX_FRACTIONS = 10;
    public static final int MAX_REPEATS = 5;

    public LearningCurveSpec withDefaults() {
        return new LearningCurveSpec(fractions == null ? DEFAULT_FRACTIONS : fractions, repeats == null ? 1 : repeats);
    }
}
