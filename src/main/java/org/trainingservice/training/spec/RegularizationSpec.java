package org.trainingservice.training.spec;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Regularization; everything is off unless asked for")
public record RegularizationSpec(
        @Schema(description = "L1 penalty on weights (not biases)", example = "0.0") Double l1,
        @Schema(description = "L2 penalty on weights (not biases)", example = "0.0") Double l2,
        @Schema(description = "std of Gaussian noise added to training inputs", example = "0.0") Double inputNoise,
        @Schema(description = "label smoothing epsilon", example = "0.0") Double labelSmoothing,
        @Schema(description = "mixup alpha; 0 disables", example = "0.0") Double mixup,
        AugmentationSpec augmentation,
        @Schema(description = "absent: no early stopping") EarlyStoppingSpec earlyStopping) {

    public RegularizationSpec withDefaults() {
        return new RegularizationSpec(
                l1 == null ? 0.0 : l1,
                l2 == null ? 0.0 : l2,
                inputNoise == null ? 0.0 : inputNoise,
                labelSmoothing == null ? 0.0 : labelSmoothing,
                mixup == null ? 0.0 : mixup,
                (augmentation == null ? new AugmentationSpec(null, null, null, null) : augmentation).withDefaults(),
                earlyStopping == null ? null : earlyStopping.withDefaults());
    }
}
