package org.trainingservice.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Adagrad: {@code s += g^2; w -= lr * g / (sqrt(s) + eps)}. */
final class Adagrad extends Optimizer {

    private final float epsilon;

    public Adagrad(NDManager manager, float epsilon) {
        super(manager);
        this.epsilon = epsilon;
    }

    @Override
    protected int stateSlots() {
        return 1;
    }

    @Override
    protected void update(NDArray w, NDArray g, NDArray[] slots, float lr, long step, NDManager scratch) {
        NDArray s = slots[0];
        s.addi(g.square());
        w.subi(g.mul(lr).divi(copy(s, scratch).powi(0.5f).addi(epsilon)));
    }

    /** The same rule in one pass over each element (CPU parameters). */
    @Override
    protected void updateOnHost(float[] w, float[] g, float[][] slots, int n, float lr, long step) {
        float[] s = slots[0];
        float eps = epsilon;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float si = s[i] + gi * gi;
            s[i] = si;
            w[i] -= gi * lr / ((float) Math.sqrt(si) + eps);
        }
    }
}
