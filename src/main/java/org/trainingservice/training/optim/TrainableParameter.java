package org.trainingservice.training.optim;

import ai.djl.ndarray.NDArray;

/**
 * A weight and the gradient to apply to it (after penalties and clipping); {@code rawGradient} is the engine's own
 * gradient buffer, which the optimizer's step zeroes.
 */
public record TrainableParameter(String name, NDArray weight, NDArray gradient, NDArray rawGradient, boolean isWeight) {
}
