package org.trainingservice.inference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.trainingservice.common.CurrentCaller;

@RestController
@RequestMapping("/api/v1/jobs/{id}")
@Tag(name = "Models", description = "Use a finished job's model: predictions and download")
class InferenceController {

    private final PredictionService predictions;
    private final ModelArchive archive;
    private final CurrentCaller caller;

    public InferenceController(PredictionService predictions, ModelArchive archive, CurrentCaller caller) {
        this.predictions = predictions;
        this.archive = archive;
        this.caller = caller;
    }

    @PostMapping("/predict")
    @Operation(summary = "Predict", description = """
            Predictions of the job's model (the ensemble for bagging and boosting, the refit for k-fold), with exactly \
            the preprocessing fitted at training time. Each instance is an object {column: raw value} or an array of \
            raw values in the dataset's feature order (as uploaded: categories as text; null or a left-out key is a \
            missing value, imputed as in training; an unknown category encodes as all zeros). Image jobs take arrays \
            of pixel values 0-255. Classification answers the dataset's own labels and each class's probability. \
            409 unless the job SUCCEEDED; 400 names each bad instance.""")
    @ApiResponse(responseCode = "200", description = "one prediction per instance")
    @ApiResponse(responseCode = "409", description = "the job has not succeeded")
    public PredictionResponse predict(@PathVariable UUID id,
                                      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                                              @ExampleObject(name = "moons", value = "{\"instances\": [[0.0, 1.0], {\"x1\": 1.5, \"x2\": -0.4}]}"),
                                              @ExampleObject(name = "iris", value = "{\"instances\": [[5.1, 3.5, 1.4, 0.2], "
                                                      + "{\"sepal_length\": 6.7, \"sepal_width\": 3.0, \"petal_length\": 5.2, \"petal_width\": 2.3}]}")}))
                                      @RequestBody PredictionRequest request) {
        return predictions.predict(id, caller.visibleTenant(), request);
    }

    @GetMapping(value = "/model", produces = "application/zip")
    @Operation(summary = "Download the model", description = """
            One zip with the parameters (DJL model files, one per network), the architecture, the fitted \
            preprocessing and encoding as JSON, and the job spec. The README shows how to load it with DJL.""")
    @ApiResponse(responseCode = "200", description = "the model archive", content = @Content(mediaType = "application/zip",
            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "409", description = "the job has not succeeded")
    public ResponseEntity<StreamingResponseBody> model(@PathVariable UUID id) {
        StoredModel stored = predictions.storedModel(id, caller.visibleTenant());
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"model-" + id + ".zip\"")
                .contentType(MediaType.parseMediaType("application/zip"))
                .body(out -> archive.write(stored, out));
    }
}
