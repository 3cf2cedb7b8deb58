package org.trainingservice.training.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Non-linearity between the hidden layers of an MLP or CNN. */
public enum Activation {
    @JsonProperty("relu") RELU,
    @JsonProperty("sigmoid") SIGMOID,
    @JsonProperty("tanh") TANH,
    @JsonProperty("leaky_relu") LEAKY_RELU,
    @JsonProperty("gelu") GELU
}
