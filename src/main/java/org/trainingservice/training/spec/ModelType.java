package org.trainingservice.training.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The network family. */
public enum ModelType {
    @JsonProperty("mlp") MLP,
    @JsonProperty("cnn") CNN
}
