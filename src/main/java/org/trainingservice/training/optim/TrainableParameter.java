package org.trainingservice.training.optim;

import ai.djl.ndarray.NDArray;

/** A weight and the gradient of this step to apply to it (after penalties and clipping). */
public record TrainableParameter(String name, NDArray weight, NDArray gradient) {
}
