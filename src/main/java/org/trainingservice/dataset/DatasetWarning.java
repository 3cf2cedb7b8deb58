package org.trainingservice.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** Something the upload assumed or noticed that may not be what the file meant; the data was stored as described. */
@Schema(description = "What the upload assumed or noticed that may not be what the file meant")
record DatasetWarning(
        @Schema(description = "the column it is about", example = "species") String column,
        @Schema(example = "similar_labels") Kind kind,
        @Schema(example = "labels 'virginca' (1 row) and 'virginica' (49 rows) differ by one letter: if they are one "
                + "class, fix the file; they are trained as two") String message) {

    public enum Kind {
        /** numbers written with a decimal comma: read as numbers (a ';' file), or left as text (any other) */
        @JsonProperty("decimal_comma") DECIMAL_COMMA,
        /** a class with too few rows to learn it and to appear in every split */
        @JsonProperty("rare_class") RARE_CLASS,
        /** two labels that differ only by case, spacing or one letter: perhaps one class spelt two ways */
        @JsonProperty("similar_labels") SIMILAR_LABELS
    }
}
