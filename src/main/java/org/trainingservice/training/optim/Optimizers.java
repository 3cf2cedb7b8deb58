package org.trainingservice.training.optim;

import ai.djl.ndarray.NDManager;
import org.trainingservice.training.spec.OptimizerSpec;

/** Creates the {@link Optimizer} an {@link OptimizerSpec} names. */
public final class Optimizers {

    private Optimizers() {
    }

    public static Optimizer create(OptimizerSpec spec, NDManager manager) {
        float eps = spec.epsilon().floatValue();
        float rho = spec.rho().floatValue();
        return switch (spec.type()) {
            case SGD -> new Sgd(manager);
            case MOMENTUM -> new Momentum(manager, spec.momentum().floatValue(), false);
            case NESTEROV -> new Momentum(manager, spec.momentum().floatValue(), true);
            case ADAGRAD -> new Adagrad(manager, eps);
            case ADADELTA -> new Adadelta(manager, rho, eps);
            case RMSPROP -> new RmsProp(manager, rho, eps);
            case ADAM -> new Adam(manager, spec.beta1().floatValue(), spec.beta2().floatValue(), eps, 0f);
            case ADAMW -> new Adam(manager, spec.beta1().floatValue(), spec.beta2().floatValue(), eps,
                    spec.weightDecay().floatValue());
        };
    }
}
