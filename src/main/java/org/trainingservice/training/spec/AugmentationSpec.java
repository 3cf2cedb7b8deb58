package org.trainingservice.training.spec;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Random transforms of training inputs (images: flip/shift/rotation; tabular: jitter)")
public record AugmentationSpec(
        @Schema(description = "random horizontal flips", example = "false") Boolean flip,
        @Schema(description = "random shift up to this many pixels", example = "0") Integer shift,
        @Schema(description = "random rotation up to this many degrees", example = "0") Double rotation,
        @Schema(description = "tabular: Gaussian jitter, in standard deviations of each feature", example = "0.0") Double jitter) {

    public AugmentationSpec withDefaults() {
        return new AugmentationSpec(flip != null && flip, shift == null ? 0 : shift,
                rotation == null ? 0.0 : rotation, jitter == null ? 0.0 : jitter);
    }
}
