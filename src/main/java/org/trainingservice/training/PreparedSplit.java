package org.trainingservice.training;

/**
 * One split after preprocessing: model-ready inputs, model-space targets ({@code targets}: class index, or the
 * standardized value) and the targets in the dataset's own units ({@code rawTargets}) for reporting. {@code weights}
 * (null: all 1) weight each row's loss, as boosting needs.
 */
public record PreparedSplit(float[] inputs, float[] targets, float[] rawTargets, int rows, int cols, float[] weights) {

    public static PreparedSplit of(DataTable data, Preprocessing preprocessing, int[] rows) {
        float[] raw = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            raw[i] = data.targets()[rows[i]];
        }
        return new PreparedSplit(preprocessing.transformFeatures(data, rows),
                preprocessing.transformTargets(data, rows), raw, rows.length, data.cols(), null);
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    /** The same rows with per-row loss weights, rescaled to average 1 so that the learning rate keeps its meaning. */
    public PreparedSplit withWeights(double[] newWeights) {
        double sum = 0;
        for (double w : newWeights) {
            sum += w;
        }
        float[] scaled = new float[rows];
        for (int i = 0; i < rows; i++) {
            scaled[i] = (float) (newWeights[i] * rows / sum);
        }
        return new PreparedSplit(inputs, targets, rawTargets, rows, cols, scaled);
    }

    /** The given rows of this split (for bootstrap resamples). */
    public PreparedSplit select(int[] rowsToTake) {
        float[] x = new float[rowsToTake.length * cols];
        float[] t = new float[rowsToTake.length];
        float[] raw = new float[rowsToTake.length];
        for (int i = 0; i < rowsToTake.length; i++) {
            int r = rowsToTake[i];
            System.arraycopy(inputs, r * cols, x, i * cols, cols);
            t[i] = targets[r];
            raw[i] = rawTargets[r];
        }
        return new PreparedSplit(x, t, raw, rowsToTake.length, cols, null);
    }
}
