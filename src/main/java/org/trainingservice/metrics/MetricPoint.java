package org.trainingservice.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** One value of one metric at the end of one epoch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A metric value at the end of an epoch")
public record MetricPoint(
        @Schema(description = "optimizer steps taken so far in its sub-run") long step,
        int epoch,
        @Schema(example = "val_loss") String name,
        double value,
        Instant timestamp,
        @Schema(description = "cross-validation fold (1-based), if any") Integer fold,
        @Schema(description = "ensemble member (1-based), if any") Integer member) {
}
