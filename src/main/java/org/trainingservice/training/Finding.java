package org.trainingservice.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One thing a teacher would say about a run's curves: what ({@code kind}), where ({@code epoch}, null when it is about
 * the run as a whole), the numbers it rests on ({@code evidence}) and what to try ({@code advice}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Finding(Kind kind, Integer epoch, String evidence, String advice) {

    public enum Kind {
        @JsonProperty("overfitting_onset") OVERFITTING_ONSET,
        @JsonProperty("undertrained") UNDERTRAINED,
        @JsonProperty("underfitting") UNDERFITTING,
        @JsonProperty("unstable") UNSTABLE,
        @JsonProperty("good_fit") GOOD_FIT
    }

    /** The finding as one sentence: the diagnosis detail of the result. */
    public String sentence() {
        return Character.toUpperCase(evidence.charAt(0)) + evidence.substring(1) + ": " + advice + ".";
    }
}
