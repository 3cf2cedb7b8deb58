package org.trainingservice.training.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the learning rate changes over the epochs. */
public enum ScheduleType {
    @JsonProperty("none") NONE,
    @JsonProperty("step") STEP,
    @JsonProperty("exponential") EXPONENTIAL,
    @JsonProperty("cosine") COSINE
}
