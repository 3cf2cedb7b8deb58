package org.trainingservice.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What trivial and classical predictors reach on the job's own splits, so that a model is judged against what the data
 * allows. The top-level metrics are the validation split's (the split the model's findings compare with);
 * {@code splits} has them per split ({@code train}: the trivial predictor only, since a neighbour search on its own
 * reference rows would find each row itself).
 *
 * @param majorityClass classification: always the most frequent training class, with the training class frequencies
 *                      as its probabilities
 * @param trainingMean regression: always the training split's mean target
 * @param nearestNeighbours k-nearest neighbours on the preprocessed features (vote shares, or the neighbours' mean)
 * @param k the neighbours, chosen on the validation split from {@link BaselinePredictors#K_CANDIDATES}
 * @param referenceRows training rows the neighbours are searched among (a seeded subsample above
 *                      {@link BaselinePredictors#MAX_REFERENCE_ROWS})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Baselines(Map<String, Double> majorityClass, Map<String, Double> trainingMean,
                        Map<String, Double> nearestNeighbours, int k, int referenceRows, Map<String, OnSplit> splits) {

    /** The baselines' metrics on one split. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OnSplit(Map<String, Double> majorityClass, Map<String, Double> trainingMean,
                          Map<String, Double> nearestNeighbours) {
    }

    /** The trivial predictor's metrics on {@code split} (majority class or training mean, whichever applies). */
    public Map<String, Double> trivial(String split) {
        OnSplit on = splits.get(split);
        return on == null ? null : on.majorityClass() != null ? on.majorityClass() : on.trainingMean();
    }

    /** The neighbours' metrics on {@code split}, or null. */
    public Map<String, Double> neighbours(String split) {
        OnSplit on = splits.get(split);
        return on == null ? null : on.nearestNeighbours();
    }
}
