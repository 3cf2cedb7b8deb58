package org.trainingservice.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The learning curve over training-set size: the spec trained on growing stratified shares of the training split,
 * each point with its rows, the mean training and validation metrics over the repeats and their standard deviations,
 * and what the curve says.
 *
 * @param metric the score the verdict reads: {@code accuracy} (classification) or {@code r2} (regression)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LearningCurve(List<Point> points, int repeats, String metric, Verdict verdict, String verdictDetail) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Point(double fraction, int trainRows, Map<String, Double> train, Map<String, Double> validation,
                        Map<String, Double> trainStd, Map<String, Double> validationStd) {
    }

    public enum Verdict {
        /** The validation score still rises at the largest share: more rows would still help. */
        @JsonProperty("more_data") MORE_DATA,
        /** Training and validation scores have met: more rows will not help, more capacity (or features) may. */
        @JsonProperty("more_capacity") MORE_CAPACITY,
        /** Neither: the validation score has levelled off with a gap left to the training score. */
        @JsonProperty("neither") NEITHER
    }

    /** A share as a percentage without trailing zeros: 0.25 -> "25", 0.125 -> "12.5". */
    static String percent(double share) {
        return BigDecimal.valueOf(share * 100).stripTrailingZeros().toPlainString();
    }
}
