package org.trainingservice.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Heavy-ball momentum, PyTorch convention: {@code v = mu*v + g; w -= lr*v}. With Nesterov's look-ahead the step is
 * {@code w -= lr*(g + mu*v)}.
 */
final class Momentum extends Optimizer {

    private final float momentum;
    private final boolean nesterov;

    public Momentum(NDManager manager, float momentum, boolean nesterov) {
        super(manager);
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected int stateSlots() {
        return 1;
    }

    @Override
    protected void update(NDArray w, NDArray g, NDArray[] slots, float lr, long step, NDManager scratch) {
        NDArray v = slots[0];
        v.muli(momentum).addi(g);
        NDArray direction = nesterov ? g.add(copy(v, scratch).muli(momentum)) : copy(v, scratch);
        w.subi(direction.muli(lr));
    }

    /** The same rule in one pass over each element (CPU parameters). */
    @Override
    protected void updateOnHost(float[] w, float[] g, float[][] slots, int n, float lr, long step) {
        float[] v = slots[0];
        float mu = momentum;
        // two loops rather than a branch per element, which would keep the JIT from vectorizing
        if (nesterov) {
            for (int i = 0; i < n; i++) {
                float vi = v[i] * mu + g[i];
                v[i] = vi;
                w[i] -= (g[i] + vi * mu) * lr;
            }
        } else {
            for (int i = 0; i < n; i++) {
                float vi = v[i] * mu + g[i];
                v[i] = vi;
                w[i] -= vi * lr;
            }
        }
    }
}
