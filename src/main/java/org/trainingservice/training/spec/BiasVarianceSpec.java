package org.trainingservice.training.spec;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Bootstrap bias-variance estimate")
public record BiasVarianceSpec(@Schema(example = "10") Integer rounds) {
}
