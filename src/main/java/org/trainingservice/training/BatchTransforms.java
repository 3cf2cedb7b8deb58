package org.trainingservice.training;

import java.util.SplittableRandom;
import org.trainingservice.training.spec.AugmentationSpec;
import org.trainingservice.training.spec.RegularizationSpec;

/**
 * The regularizers that act on training batches only (never on evaluation): Gaussian input noise, tabular jitter,
 * image augmentation (flip, shift, rotation), label smoothing and mixup. All randomness comes from one seeded
 * generator, so a run is reproducible.
 */
final class BatchTransforms {

    private final RegularizationSpec spec;
    private final int[] imageShape;
    private final SplittableRandom random;

    public BatchTransforms(RegularizationSpec spec, int[] imageShape, long seed) {
        this.spec = spec;
        this.imageShape = imageShape;
        this.random = new SplittableRandom(seed);
    }

    public boolean changesInputs() {
        AugmentationSpec a = spec.augmentation();
        return spec.inputNoise() > 0 || spec.mixup() > 0 || a.jitter() > 0
                || (imageShape.length == 3 && (a.flip() || a.shift() > 0 || a.rotation() > 0));
    }

    /** Transforms a batch in place: {@code x} is rows x cols, {@code t} rows x width (targets in model space). */
    public void apply(float[] x, float[] t, int rows, int cols, int width, boolean classification) {
        if (imageShape.length == 3) {
            augmentImages(x, rows);
        }
        double noise = spec.inputNoise() + spec.augmentation().jitter();
        if (noise > 0) {
            for (int i = 0; i < rows * cols; i++) {
                x[i] += (float) (gaussian() * noise);
            }
        }
        if (classification && spec.labelSmoothing() > 0) {
            float eps = spec.labelSmoothing().floatValue();
            for (int i = 0; i < rows * width; i++) {
                t[i] = t[i] * (1 - eps) + eps / width;
            }
        }
        if (spec.mixup() > 0 && rows > 1) {
            mixup(x, t, rows, cols, width);
        }
    }

    /** Mixup (Zhang et al. 2018): each sample becomes lambda*itself + (1-lambda)*a random partner, labels too. */
    private void mixup(float[] x, float[] t, int rows, int cols, int width) {
        float lambda = (float) beta(spec.mixup());
        int[] partner = new int[rows];
        for (int i = 0; i < rows; i++) {
            partner[i] = i;
        }
        partner = Splitter.permutation(partner, random);
        float[] x0 = x.clone();
        float[] t0 = t.clone();
        for (int r = 0; r < rows; r++) {
            int p = partner[r];
            for (int c = 0; c < cols; c++) {
                x[r * cols + c] = lambda * x0[r * cols + c] + (1 - lambda) * x0[p * cols + c];
            }
            for (int k = 0; k < width; k++) {
                t[r * width + k] = lambda * t0[r * width + k] + (1 - lambda) * t0[p * width + k];
            }
        }
    }

    private void augmentImages(float[] x, int rows) {
        AugmentationSpec a = spec.augmentation();
        if (!a.flip() && a.shift() == 0 && a.rotation() == 0) {
            return;
        }
        int channels = imageShape[0];
        int h = imageShape[1];
        int w = imageShape[2];
        int size = channels * h * w;
        float[] source = new float[size];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * size, source, 0, size);
            boolean flip = a.flip() && random.nextBoolean();
            int dx = a.shift() > 0 ? random.nextInt(-a.shift(), a.shift() + 1) : 0;
            int dy = a.shift() > 0 ? random.nextInt(-a.shift(), a.shift() + 1) : 0;
            double angle = a.rotation() > 0 ? Math.toRadians(random.nextDouble(-a.rotation(), a.rotation())) : 0;
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double cy = (h - 1) / 2.0;
            double cx = (w - 1) / 2.0;
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        // Inverse mapping with nearest neighbour: where in the source does this pixel come from?
                        double yi = i - dy - cy;
                        double xj = (flip ? w - 1 - j : j) - dx - cx;
                        int si = (int) Math.round(cos * yi + sin * xj + cy);
                        int sj = (int) Math.round(-sin * yi + cos * xj + cx);
                        float v = si >= 0 && si < h && sj >= 0 && sj < w ? source[c * h * w + si * w + sj] : 0f;
                        x[r * size + c * h * w + i * w + j] = v;
                    }
                }
            }
        }
    }

    private double gaussian() {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
    }

    /** Beta(alpha, alpha) from two Gamma draws. */
    private double beta(double alpha) {
        double a = gamma(alpha);
        double b = gamma(alpha);
        return a / (a + b);
    }

    /** Marsaglia and Tsang's method; shapes below 1 use the boost Gamma(a) = Gamma(a+1) * U^(1/a). */
    private double gamma(double shape) {
        if (shape < 1) {
            return gamma(shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = gaussian();
            double v = Math.pow(1 + c * z, 3);
            if (v > 0 && Math.log(random.nextDouble()) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
