package org.trainingservice.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** RMSprop: {@code s = rho*s + (1-rho)*g^2; w -= lr * g / (sqrt(s) + eps)}. */
final class RmsProp extends Optimizer {

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

    /** The same rule in one pass over each element (CPU parameters). */
    @Override
    protected void updateOnHost(float[] w, float[] g, float[][] slots, int n, float lr, long step) {
        float[] s = slots[0];
        float keep = rho;
        float mix = 1 - rho;
        float eps = epsilon;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float si = s[i] * keep + gi * gi * mix;
            s[i] = si;
            w[i] -= gi * lr / ((float) Math.sqrt(si) + eps);
        }
    }
}
