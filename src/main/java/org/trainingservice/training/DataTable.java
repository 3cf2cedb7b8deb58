package org.trainingservice.training;

import java.util.List;

/**
 * A dataset as the trainer sees it: a row-major float matrix of encoded features and one target per row (the class
 * index for classification, the value for regression). Missing feature values are {@code NaN} and are imputed by
 * {@link Preprocessing} from the training rows only.
 *
 * @param imageShape {@code [channels, height, width]} for image data, empty otherwise
 * @param noiseVariance the known variance of the target noise (built-in regression generators), or {@code NaN}
 */
public record DataTable(float[] features, int rows, int cols, float[] targets, List<String> classNames,
                        List<String> featureNames, int[] imageShape, double noiseVariance) {

    public DataTable {
        if (features.length != (long) rows * cols) {
            throw new IllegalArgumentException("features hold " + features.length + " values, expected " + rows + "x" + cols);
        }
        if (targets.length != rows) {
            throw new IllegalArgumentException("targets hold " + targets.length + " values, expected " + rows);
        }
    }

    public boolean isClassification() {
        return !classNames.isEmpty();
    }

    public int classCount() {
        return classNames.size();
    }

    public boolean isImage() {
        return imageShape.length == 3;
    }

    public int[] labels() {
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = (int) targets[i];
        }
        return labels;
    }
}
