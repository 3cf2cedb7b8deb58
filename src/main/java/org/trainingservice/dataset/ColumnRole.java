package org.trainingservice.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an upload made of a column: the JSON spells these in lower case. */
public enum ColumnRole {
    /** an input of the model */
    @JsonProperty("feature") FEATURE,
    /** the label column named in {@code target} */
    @JsonProperty("target") TARGET,
    /** listed in {@code ignore} */
    @JsonProperty("ignored") IGNORED,
    /** not usable as a feature (dates, ids, free text, all missing); the summary's reason says why */
    @JsonProperty("left_out") LEFT_OUT
}
