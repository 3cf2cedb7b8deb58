package org.trainingservice.dataset;

import java.util.List;

/**
 * A dataset encoded for training: row-major features (missing values as NaN), one target per row (class index or
 * value), class names (empty for regression), feature names, the image shape ({@code [c, h, w]}, or empty), and the
 * known variance of the target noise ({@code NaN} when unknown).
 */
public record DatasetMatrix(float[] features, int rows, int cols, float[] targets, List<String> classNames,
                            List<String> featureNames, int[] imageShape, double noiseVariance) {

    public boolean isClassification() {
        return !classNames.isEmpty();
    }
}
