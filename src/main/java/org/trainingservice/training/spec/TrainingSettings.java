package org.trainingservice.training.spec;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Epochs, batching, seed and device")
public record TrainingSettings(
        @Schema(example = "30") Integer epochs,
        @Schema(example = "mini_batch") BatchMode batchMode,
        @Schema(description = "mini_batch only", example = "32") Integer batchSize,
        @Schema(description = "seeds splits, initialisation, shuffling, dropout", example = "42") Long seed,
        @Schema(description = "auto, cpu, cuda or cuda:N", example = "auto") String device) {

    public TrainingSettings withDefaults() {
        return new TrainingSettings(
                epochs == null ? 30 : epochs,
                batchMode == null ? BatchMode.MINI_BATCH : batchMode,
                batchSize == null ? 32 : batchSize,
                seed == null ? 42L : seed,
                device == null ? "auto" : device);
    }
}
