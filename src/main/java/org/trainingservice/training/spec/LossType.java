package org.trainingservice.training.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The loss minimised during training. */
public enum LossType {
    @JsonProperty("cross_entropy") CROSS_ENTROPY,
    @JsonProperty("binary_cross_entropy") BINARY_CROSS_ENTROPY,
    @JsonProperty("mse") MSE,
    @JsonProperty("mae") MAE,
    @JsonProperty("huber") HUBER;

    public boolean isClassification() {
        return this == CROSS_ENTROPY || this == BINARY_CROSS_ENTROPY;
    }
}
