package org.trainingservice.training.spec;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Extra analyses of the spec")
public record AnalysisSpec(BiasVarianceSpec biasVariance) {
}
