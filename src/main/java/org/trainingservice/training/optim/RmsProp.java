package org.trainingservice.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** RMSprop: {@code s = rho*s + (1-rho)*g^2; w -= lr * g / (sqrt(s) + eps)}. */
public final class RmsProp extends Optimizer {

    private final float rho;
    private final float epsilon;

    public RmsProp(NDManager manager, float rho, float epsilon) {
        super(manager);
        this.rho = rho;
        this.epsilon = epsilon;
    }

    @Override
    protected int stateSlots() {
        return 1;
    }

    @Override
    protected void update(NDArray w, NDArray g, NDArray[] slots, float lr, long step, NDManager scratch) {
        NDArray s = slots[0];
        s.muli(rho).addi(g.square().muli(1 - rho));
        w.subi(g.mul(lr).divi(copy(s, scratch).powi(0.5f).addi(epsilon)));
    }
}
