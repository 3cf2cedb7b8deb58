package org.trainingservice.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How a column's values were read: the JSON spells these in lower case. */
public enum ColumnType {
    @JsonProperty("numeric") NUMERIC,
    @JsonProperty("categorical") CATEGORICAL,
    @JsonProperty("text") TEXT;

    /** The JSON name, for messages. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
