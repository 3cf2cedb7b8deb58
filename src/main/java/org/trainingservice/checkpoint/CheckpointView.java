package org.trainingservice.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A stored checkpoint, without its bytes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A checkpoint: enough to continue the job exactly from here")
record CheckpointView(long id, int attempt, @Schema(description = "sub-run index (0 for a single run)") int subRun,
                             @Schema(description = "fold or member, if any") String label,
                             @Schema(description = "epochs completed in the sub-run") int epoch,
                             @Schema(description = "batches done in the next epoch (a mid-epoch checkpoint)") int batchesDone,
                             String metric, Double value, long sizeBytes, Instant createdAt) {
}
