package org.trainingservice.training.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How many samples one optimizer step sees. */
public enum BatchMode {
    @JsonProperty("stochastic") STOCHASTIC,
    @JsonProperty("mini_batch") MINI_BATCH,
    @JsonProperty("full_batch") FULL_BATCH
}
