package org.trainingservice.inference;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@Schema(description = "Instances to predict: each an object {column: raw value} or an array of raw values in the "
        + "dataset's feature order (as uploaded, before encoding); images are arrays of pixel values 0-255")
public record PredictionRequest(
        @ArraySchema(schema = @Schema(types = {"object", "array"},
                description = "an object {column: raw value} or an array of raw values"),
                arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "[[5.1, 3.5, 1.4, 0.2], "
                        + "{\"sepal_length\": 6.7, \"sepal_width\": 3.0, \"petal_length\": 5.2, \"petal_width\": 2.3}]"))
        List<Object> instances) {
}
