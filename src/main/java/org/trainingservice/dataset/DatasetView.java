package org.trainingservice.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.trainingservice.training.spec.Task;

/** A dataset as the API shows it; lists leave out the schema. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "An uploaded dataset")
record DatasetView(UUID id, String name, @Schema(example = "csv") String format,
                          @Schema(example = "classification") Task task, String target, int rows, int features,
                          long sizeBytes, @Schema(description = "SHA-256 of the uploaded bytes (IDX: images, then labels)") String contentHash,
                          Instant createdAt,
                          @Schema(description = "what the upload assumed or noticed (also in the schema); absent when "
                                  + "nothing") List<DatasetWarning> warnings,
                          DatasetSchema schema) {
}
