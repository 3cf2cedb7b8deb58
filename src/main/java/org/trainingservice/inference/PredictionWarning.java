package org.trainingservice.inference;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** A value of an instance that the prediction did not use as given: imputed, or an unknown category. */
@Schema(description = "A value of an instance the prediction did not use as given")
public record PredictionWarning(
        @Schema(description = "index of the instance in the request", example = "0") int instance,
        @Schema(example = "petal_width") String column,
        @Schema(example = "imputed") Kind kind,
        @Schema(example = "missing: imputed with the training median 1.3") String message) {

    public enum Kind {
        /** missing (null, left out or a missing marker such as NA): imputed as in training */
        @JsonProperty("imputed") IMPUTED,
        /** a category the training data never had: encoded as all zeros */
        @JsonProperty("unknown_category") UNKNOWN_CATEGORY
    }
}
