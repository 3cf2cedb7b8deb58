package org.trainingservice.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adadelta (Zeiler 2012): {@code s = rho*s + (1-rho)*g^2; dx = sqrt(d+eps)/sqrt(s+eps)*g; d = rho*d + (1-rho)*dx^2;
 * w -= lr*dx}.
 */
final class Adadelta extends Optimizer {

    private final float rho;
    private final float epsilon;

    public Adadelta(NDManager manager, float rho, float epsilon) {
        super(manager);
        this.rho = rho;
        this.epsilon = epsilon;
    }

    @Override
    protected int stateSlots() {
        return 2;
    }

    @Override
    protected void update(NDArray w, NDArray g, NDArray[] slots, float lr, long step, NDManager scratch) {
        NDArray s = slots[0];
        NDArray d = slots[1];
        s.muli(rho).addi(g.square().muli(1 - rho));
        NDArray dx = copy(d, scratch).addi(epsilon).powi(0.5f)
                .divi(copy(s, scratch).addi(epsilon).powi(0.5f)).muli(g);
        d.muli(rho).addi(dx.square().muli(1 - rho));
        w.subi(dx.muli(lr));
    }

    /** The same rule in one pass over each element (CPU parameters). */
    @Override
    protected void updateOnHost(float[] w, float[] g, float[][] slots, int n, float lr, long step) {
        float[] s = slots[0];
        float[] d = slots[1];
        float keep = rho;
        float mix = 1 - rho;
        float eps = epsilon;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float si = s[i] * keep + gi * gi * mix;
            s[i] = si;
            float dx = (float) Math.sqrt(d[i] + eps) / (float) Math.sqrt(si + eps) * gi;
            d[i] = d[i] * keep + dx * dx * mix;
            w[i] -= dx * lr;
        }
    }
}
