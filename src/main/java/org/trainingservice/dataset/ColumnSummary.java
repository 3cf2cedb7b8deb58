package org.trainingservice.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What the upload made of one column.
 *
 * @param role {@code feature}, {@code target}, {@code ignored} (asked for) or {@code left_out} (decided, see reason)
 * @param type {@code numeric}, {@code categorical} or {@code text}
 * @param categories a categorical column's one-hot vocabulary, in feature order
 * @param imputedWith what replaces a missing value (numeric: the training split's median, fitted per job)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One column of an uploaded CSV and what became of it")
public record ColumnSummary(String name, String role, String type, int missing, Double min, Double max, Double mean,
                            Integer distinct, List<String> categories, String imputedWith, String reason) {
}
