package org.trainingservice.training;

import java.util.Arrays;

/**
 * The fitted input (and, for regression, target) transform: missing values become the training median, then each
 * feature is standardized with the training mean and standard deviation. Fitted on training rows only, so no
 * statistic of validation or test rows leaks into the model. Image pixels are already in [0, 1] and are left as they
 * are. Saved with the model so that predictions apply exactly the same transform.
 */
public record Preprocessing(double[] impute, double[] mean, double[] scale, double targetMean, double targetScale) {

    private static final double MIN_SCALE = 1e-8;

    public static Preprocessing fit(DataTable data, int[] rows) {
        int cols = data.cols();
        double[] impute = new double[cols];
        double[] mean = new double[cols];
        double[] scale = new double[cols];
        boolean scaleFeatures = !data.isImage();
        double[] column = new double[rows.length];
        for (int c = 0; c < cols; c++) {
            int present = 0;
            for (int r : rows) {
                float v = data.features()[r * cols + c];
                if (!Float.isNaN(v)) {
                    column[present++] = v;
                }
            }
            double[] values = Arrays.copyOf(column, present);
            Arrays.sort(values);
            impute[c] = present == 0 ? 0.0 : (present % 2 == 1 ? values[present / 2]
                    : (values[present / 2 - 1] + values[present / 2]) / 2);
            if (scaleFeatures) {
                double sum = 0;
                for (int r : rows) {
                    sum += valueOrImputed(data.features()[r * cols + c], impute[c]);
                }
                mean[c] = sum / rows.length;
                double squares = 0;
                for (int r : rows) {
                    double d = valueOrImputed(data.features()[r * cols + c], impute[c]) - mean[c];
                    squares += d * d;
                }
                double std = Math.sqrt(squares / rows.length);
                scale[c] = std < MIN_SCALE ? 1.0 : std;
            } else {
                scale[c] = 1.0;
            }
        }
        double targetMean = 0;
        double targetScale = 1;
        if (!data.isClassification()) {
            double sum = 0;
            for (int r : rows) {
                sum += data.targets()[r];
            }
            targetMean = sum / rows.length;
            double squares = 0;
            for (int r : rows) {
                double d = data.targets()[r] - targetMean;
                squares += d * d;
            }
            double std = Math.sqrt(squares / rows.length);
            targetScale = std < MIN_SCALE ? 1.0 : std;
        }
        return new Preprocessing(impute, mean, scale, targetMean, targetScale);
    }

    /** Transforms the given rows into a new row-major matrix. */
    public float[] transformFeatures(DataTable data, int[] rows) {
        int cols = data.cols();
        float[] out = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            int base = rows[i] * cols;
            for (int c = 0; c < cols; c++) {
                out[i * cols + c] = transform(data.features()[base + c], c);
            }
        }
        return out;
    }

    /** Transforms one raw feature value of column {@code c}. */
    public float transform(float raw, int c) {
        return (float) ((valueOrImputed(raw, impute[c]) - mean[c]) / scale[c]);
    }

    public float[] transformTargets(DataTable data, int[] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            float y = data.targets()[rows[i]];
            out[i] = data.isClassification() ? y : (float) ((y - targetMean) / targetScale);
        }
        return out;
    }

    /** The same transform with the target's mean taken as 0: for quantities (like residuals) centred on zero. */
    public Preprocessing withoutTargetMean() {
        return new Preprocessing(impute, mean, scale, 0, targetScale);
    }

    public double inverseTarget(double standardized) {
        return standardized * targetScale + targetMean;
    }

    private static double valueOrImputed(float v, double imputed) {
        return Float.isNaN(v) ? imputed : v;
    }
}
