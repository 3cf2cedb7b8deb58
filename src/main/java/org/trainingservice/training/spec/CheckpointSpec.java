package org.trainingservice.training.spec;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "How often to checkpoint and what to keep")
public record CheckpointSpec(
        @Schema(example = "1") Integer everyEpochs,
        @Schema(example = "2") Integer keepLast,
        @Schema(example = "true") Boolean keepBest) {

    public CheckpointSpec withDefaults() {
        return new CheckpointSpec(everyEpochs == null ? 1 : everyEpochs, keepLast == null ? 2 : keepLast,
                keepBest == null || keepBest);
    }
}
