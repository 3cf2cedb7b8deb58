package org.trainingservice.training.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How validation data is held out. */
public enum ValidationStrategy {
    @JsonProperty("holdout") HOLDOUT,
    @JsonProperty("kfold") KFOLD
}
