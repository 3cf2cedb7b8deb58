package org.trainingservice.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.trainingservice.inference.PredictionResponse;
import org.trainingservice.inference.PredictionWarning;

/** An experiment's prediction: a job's prediction answer, and the trials whose models gave it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Predictions as POST /api/v1/jobs/{jobId}/predict gives them, from the best trial or the mean of "
        + "the best trials' answers")
record ExperimentPrediction(
        @Schema(description = "class labels as the dataset spells them, or numbers in the target's units")
        List<Object> predictions,
        @Schema(description = "each instance's class probabilities, in `classes` order (averaged over `trials`)")
        List<List<Double>> probabilities,
        List<String> classes,
        @Schema(description = "values an instance had imputed or that were unknown (as the first trial's model saw them)")
        List<PredictionWarning> warnings,
        @ArraySchema(arraySchema = @Schema(description = "the trial numbers whose models answered, best first",
                example = "[7, 3, 12]"))
        List<Integer> trials) {

    static ExperimentPrediction of(PredictionResponse answer, List<Integer> trials) {
        return new ExperimentPrediction(answer.predictions(), answer.probabilities(), answer.classes(), answer.warnings(),
                trials);
    }
}
