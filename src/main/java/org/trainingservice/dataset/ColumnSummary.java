package org.trainingservice.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What the upload made of one column. Built through the named constructors below, one per kind of column; the
 * canonical constructor is the JSON's.
 *
 * @param type null for an ignored column (never read)
 * @param distinct distinct values (categorical features, targets and left-out columns)
 * @param categories a categorical column's one-hot vocabulary, in feature order (a class target: its classes)
 * @param imputedWith what replaces a missing value (numeric: the training split's median, fitted per job)
 * @param reason why a column was left out or ignored, or how many rows a missing target dropped
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One column of an uploaded CSV and what became of it")
public record ColumnSummary(String name, ColumnRole role, ColumnType type, int missing, Double min, Double max,
                            Double mean, Integer distinct, List<String> categories, String imputedWith, String reason) {

    /** A numeric input column with its statistics; {@code imputedWith} says what fills its missing values, if any. */
    static ColumnSummary numericFeature(String name, int missing, double min, double max, double mean,
                                        String imputedWith) {
        return new ColumnSummary(name, ColumnRole.FEATURE, ColumnType.NUMERIC, missing, min, max, mean, null, null,
                imputedWith, null);
    }

    /** A numeric input column of generated data: no statistics, never missing. */
    static ColumnSummary generatedFeature(String name) {
        return new ColumnSummary(name, ColumnRole.FEATURE, ColumnType.NUMERIC, 0, null, null, null, null, null, null,
                null);
    }

    /** A text column one-hot encoded over {@code categories}; a missing value takes {@code mostFrequent}. */
    static ColumnSummary categoricalFeature(String name, int missing, List<String> categories, String mostFrequent) {
        return new ColumnSummary(name, ColumnRole.FEATURE, ColumnType.CATEGORICAL, missing, null, null, null,
                categories.size(), categories, mostFrequent, null);
    }

    /** A regression target with its statistics; {@code dropped} says how many rows lacked it (null: none). */
    static ColumnSummary numericTarget(String name, int missing, double min, double max, double mean, int distinct,
                                       String dropped) {
        return new ColumnSummary(name, ColumnRole.TARGET, ColumnType.NUMERIC, missing, min, max, mean, distinct, null,
                null, dropped);
    }

    /** A classification target whose values are read as {@code type} and spell {@code classes}. */
    static ColumnSummary classTarget(String name, ColumnType type, int missing, List<String> classes, String dropped) {
        return new ColumnSummary(name, ColumnRole.TARGET, type, missing, null, null, null, classes.size(), classes,
                null, dropped);
    }

    /** A column the upload asked to ignore: never read. */
    static ColumnSummary ignored(String name) {
        return new ColumnSummary(name, ColumnRole.IGNORED, null, 0, null, null, null, null, null, null,
                "listed in 'ignore'");
    }

    /** A column not usable as a feature, and why. */
    static ColumnSummary leftOut(String name, ColumnType type, int missing, int distinct, String reason) {
        return new ColumnSummary(name, ColumnRole.LEFT_OUT, type, missing, null, null, null, distinct, null, null,
                reason);
    }
}
