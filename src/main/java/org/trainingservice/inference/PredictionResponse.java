package org.trainingservice.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One prediction per instance, in order; for classification also each class's probability, in {@code classes} order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Predictions: class labels as the dataset spells them, or numbers in the target's units")
public record PredictionResponse(List<Object> predictions, List<List<Double>> probabilities, List<String> classes,
                                 @Schema(description = "each value an instance had imputed or that was unknown; "
                                         + "absent when every value was used as given")
                                 List<PredictionWarning> warnings) {
}
