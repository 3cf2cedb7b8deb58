package org.trainingservice.training;

import ai.djl.ndarray.NDArray;
import org.trainingservice.training.spec.LossType;

/**
 * Training losses as NDArray expressions. Classification targets arrive as per-class probabilities (one-hot, or
 * softened by label smoothing or mixup), so every loss here takes a target of the output's shape.
 */
final class Losses {

    private static final float HUBER_DELTA = 1f;

    private Losses() {
    }

    /** The mean loss of a batch; {@code output} and {@code target} have the same shape. */
    public static NDArray of(LossType type, NDArray output, NDArray target) {
        return switch (type) {
            case CROSS_ENTROPY -> output.logSoftmax(1).mul(target).sum(new int[]{1}).neg().mean();
            case BINARY_CROSS_ENTROPY -> {
                // Stable form of -(t log s(z) + (1-t) log(1-s(z))): max(z,0) - z t + log(1 + exp(-|z|)).
                NDArray relu = output.maximum(0f);
                NDArray softplus = output.abs().neg().exp().add(1f).log();
                yield relu.sub(output.mul(target)).add(softplus).sum(new int[]{1}).mean();
            }
            case MSE -> output.sub(target).square().mean();
            case MAE -> output.sub(target).abs().mean();
            case HUBER -> {
                NDArray diff = output.sub(target).abs();
                NDArray quadratic = diff.minimum(HUBER_DELTA);
                NDArray linear = diff.sub(quadratic);
                yield quadratic.square().mul(0.5f).add(linear.mul(HUBER_DELTA)).mean();
            }
        };
    }

    /** The same losses on host arrays, for evaluation: the mean over rows of the loss of each row. */
    public static double of(LossType type, float[] output, float[] target, int rows, int width) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            switch (type) {
                case CROSS_ENTROPY -> {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < width; k++) {
                        max = Math.max(max, output[base + k]);
                    }
                    double sum = 0;
                    for (int k = 0; k < width; k++) {
                        sum += Math.exp(output[base + k] - max);
                    }
                    double logSum = max + Math.log(sum);
                    for (int k = 0; k < width; k++) {
                        total -= target[base + k] * (output[base + k] - logSum);
                    }
                }
                case BINARY_CROSS_ENTROPY -> {
                    for (int k = 0; k < width; k++) {
                        double z = output[base + k];
                        total += Math.max(z, 0) - z * target[base + k] + Math.log1p(Math.exp(-Math.abs(z)));
                    }
                }
                case MSE, MAE, HUBER -> {
                    double rowLoss = 0;
                    for (int k = 0; k < width; k++) {
                        double d = Math.abs(output[base + k] - target[base + k]);
                        rowLoss += switch (type) {
                            case MSE -> d * d;
                            case MAE -> d;
                            default -> d <= HUBER_DELTA ? 0.5 * d * d : HUBER_DELTA * (d - 0.5 * HUBER_DELTA);
                        };
                    }
                    total += rowLoss / width;
                }
            }
        }
        return total / rows;
    }
}
