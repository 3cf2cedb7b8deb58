package org.trainingservice.training.spec;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "How validation and test data are held out; the test split is never used for selection")
public record ValidationSpec(
        @Schema(example = "holdout") ValidationStrategy strategy,
        @Schema(example = "0.2") Double validationFraction,
        @Schema(example = "0.2") Double testFraction,
        @Schema(description = "kfold only", example = "5") Integer folds,
        @Schema(description = "keep class ratios in every split (classification)", example = "true") Boolean stratify) {

    public ValidationSpec withDefaults() {
        return new ValidationSpec(
                strategy == null ? ValidationStrategy.HOLDOUT : strategy,
                validationFraction == null ? 0.2 : validationFraction,
                testFraction == null ? 0.2 : testFraction,
                folds == null ? 5 : folds,
                stratify == null || stratify);
    }
}
