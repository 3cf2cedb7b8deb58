package org.trainingservice.training.spec;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

@Schema(description = "The network: an MLP (hidden layer sizes) or a small CNN for image datasets")
public record ModelSpec(
        @Schema(example = "mlp") ModelType type,
        @Schema(description = "units per hidden layer", example = "[64, 64]") List<Integer> hidden,
        @Schema(example = "relu") Activation activation,
        @Schema(description = "dropout rate after each hidden layer, 0 to disable", example = "0.0") Double dropout,
        @Schema(description = "batch normalization after each hidden layer", example = "false") Boolean batchNorm,
        @Schema(description = "cnn only: channels of each conv-pool block", example = "[16, 32]") List<Integer> channels) {

    public ModelSpec withDefaults() {
        return new ModelSpec(
                type == null ? ModelType.MLP : type,
                hidden == null ? List.of(64, 64) : copy(hidden),
                activation == null ? Activation.RELU : activation,
                dropout == null ? 0.0 : dropout,
                batchNorm != null && batchNorm,
                channels == null ? List.of(16, 32) : copy(channels));
    }

    /** A read-only copy that keeps null entries (List.copyOf throws on them), so that the validator names them. */
    private static List<Integer> copy(List<Integer> values) {
        return Collections.unmodifiableList(new ArrayList<>(values));
    }
}
