package org.trainingservice.training.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the model predicts: a class out of a fixed set, or a number. */
public enum Task {
    @JsonProperty("classification") CLASSIFICATION,
    @JsonProperty("regression") REGRESSION
}
