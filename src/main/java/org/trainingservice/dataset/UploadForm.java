package org.trainingservice.dataset;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The upload's multipart form, for the OpenAPI document only: the controller binds each part by name, which
 * springdoc would otherwise document as query parameters.
 */
@Schema(name = "DatasetUpload", description = "multipart/form-data: `name` with either a CSV `file` (and its "
        + "`target`) or IDX `images` and `labels`")
record UploadForm(
        @Schema(description = "a name for the dataset", example = "iris", requiredMode = Schema.RequiredMode.REQUIRED)
        String name,
        @Schema(description = "CSV file: a header row; comma, semicolon or tab separated; UTF-8", format = "binary")
        String file,
        @Schema(description = "IDX images (e.g. t10k-images-idx3-ubyte.gz), gzip or raw", format = "binary") String images,
        @Schema(description = "IDX labels (e.g. t10k-labels-idx1-ubyte.gz), gzip or raw", format = "binary") String labels,
        @Schema(description = "CSV: the label column", example = "species") String target,
        @Schema(description = "classification or regression; inferred when absent", allowableValues = {"classification",
                "regression"}) String task,
        @Schema(description = "CSV: comma-separated columns to leave out", example = "id") String ignore) {
}
