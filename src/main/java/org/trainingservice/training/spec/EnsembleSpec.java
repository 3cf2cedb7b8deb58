package org.trainingservice.training.spec;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Train several members and combine them")
public record EnsembleSpec(
        @Schema(example = "bagging") EnsembleMethod method,
        @Schema(example = "5") Integer members,
        @Schema(description = "bagging: bootstrap size as a fraction of the training split", example = "1.0") Double sampleFraction,
        @Schema(description = "boosting: learning rate of the ensemble", example = "1.0") Double shrinkage) {

    public EnsembleSpec withDefaults() {
        return new EnsembleSpec(method == null ? EnsembleMethod.NONE : method,
                members == null ? 5 : members,
                sampleFraction == null ? 1.0 : sampleFraction,
                shrinkage == null ? 1.0 : shrinkage);
    }
}
