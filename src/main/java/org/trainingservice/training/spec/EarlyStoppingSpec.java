package org.trainingservice.training.spec;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Stop when the monitored validation metric has not improved for `patience` epochs")
public record EarlyStoppingSpec(
        @Schema(description = "val_loss, val_accuracy, val_rmse, val_mae or val_r2", example = "val_loss") String monitor,
        @Schema(example = "5") Integer patience,
        @Schema(example = "0.0001") Double minDelta,
        @Schema(description = "end with the weights of the best epoch", example = "true") Boolean restoreBest) {

    /** The monitor named, parsed; the validator has rejected unknown names before a fit reads one. */
    public Monitor monitored() {
        return Monitor.find(monitor).orElseThrow(() -> new IllegalArgumentException("unknown monitor: " + monitor));
    }

    public EarlyStoppingSpec withDefaults() {
        return new EarlyStoppingSpec(
                monitor == null ? "val_loss" : monitor,
                patience == null ? 5 : patience,
                minDelta == null ? 0.0 : minDelta,
                restoreBest == null || restoreBest);
    }
}
