package org.trainingservice.training.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How several members are combined into one model. */
public enum EnsembleMethod {
    @JsonProperty("none") NONE,
    @JsonProperty("bagging") BAGGING,
    @JsonProperty("boosting") BOOSTING
}
