package org.trainingservice.training.spec;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Learning-rate schedule, applied per epoch after an optional linear warm-up")
public record ScheduleSpec(
        @Schema(example = "none") ScheduleType type,
        @Schema(description = "epochs of linear warm-up from lr/(warmup+1) to lr", example = "0") Integer warmupEpochs,
        @Schema(description = "step: epochs between decays", example = "10") Integer stepSize,
        @Schema(description = "step/exponential: multiplicative decay factor", example = "0.5") Double gamma,
        @Schema(description = "cosine: the smallest learning rate reached", example = "0.0") Double minLearningRate) {

    public ScheduleSpec withDefaults() {
        return new ScheduleSpec(
                type == null ? ScheduleType.NONE : type,
                warmupEpochs == null ? 0 : warmupEpochs,
                stepSize == null ? 10 : stepSize,
                gamma == null ? (type == ScheduleType.EXPONENTIAL ? 0.95 : 0.5) : gamma,
                minLearningRate == null ? 0.0 : minLearningRate);
    }
}
