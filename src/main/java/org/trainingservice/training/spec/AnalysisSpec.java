package org.trainingservice.training.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Extra analyses of the spec: a bootstrap bias-variance estimate, a learning curve over "
        + "training-set size, or both")
public record AnalysisSpec(BiasVarianceSpec biasVariance, LearningCurveSpec learningCurve) {

    public AnalysisSpec(BiasVarianceSpec biasVariance) {
        this(biasVariance, null);
    }

    public AnalysisSpec withDefaults() {
        return new AnalysisSpec(biasVariance, learningCurve == null ? null : learningCurve.withDefaults());
    }
}
