package org.trainingservice.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Plain stochastic gradient descent: {@code w -= lr * g}. */
final class Sgd extends Optimizer {

    public Sgd(NDManager manager) {
        super(manager);
    }

    @Override
    protected int stateSlots() {
        return 0;
    }

    @Override
    protected void update(NDArray w, NDArray g, NDArray[] slots, float lr, long step, NDManager scratch) {
        w.subi(g.mul(lr));
    }

    /** The same rule in one pass over each element (CPU parameters). */
    @Override
    protected void updateOnHost(float[] w, float[] g, float[][] slots, int n, float lr, long step) {
        for (int i = 0; i < n; i++) {
            w[i] -= g[i] * lr;
        }
    }
}
