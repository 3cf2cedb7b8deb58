package org.trainingservice.training.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The parameter update rule. */
public enum OptimizerType {
    @JsonProperty("sgd") SGD,
    @JsonProperty("momentum") MOMENTUM,
    @JsonProperty("nesterov") NESTEROV,
    @JsonProperty("adagrad") ADAGRAD,
    @JsonProperty("adadelta") ADADELTA,
    @JsonProperty("rmsprop") RMSPROP,
    @JsonProperty("adam") ADAM,
    @JsonProperty("adamw") ADAMW
}
