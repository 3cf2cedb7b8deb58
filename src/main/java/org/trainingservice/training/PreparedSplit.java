package org.trainingservice.training;

/**
 * One split after preprocessing: model-ready inputs, model-space targets ({@code targets}: class index, or the
 * standardized value) and the targets in the dataset's own units ({@code rawTargets}) for reporting.
 */
public record PreparedSplit(float[] inputs, float[] targets, float[] rawTargets, int rows, int cols) {

    public static PreparedSplit of(DataTable data, Preprocessing preprocessing, int[] rows) {
        float[] raw = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            raw[i] = data.targets()[rows[i]];
        }
        return new PreparedSplit(preprocessing.transformFeatures(data, rows),
                preprocessing.transformTargets(data, rows), raw, rows.length, data.cols());
    }

    public boolean isEmpty() {
        return rows == 0;
    }
}
