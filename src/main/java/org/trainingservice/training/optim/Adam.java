package org.trainingservice.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Adam with bias correction; with {@code decoupledWeightDecay > 0} it is AdamW (Loshchilov and Hutter):
 * {@code w -= lr*wd*w} before the Adam step.
 */
final class Adam extends Optimizer {

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float decoupledWeightDecay;

    public Adam(NDManager manager, float beta1, float beta2, float epsilon, float decoupledWeightDecay) {
        super(manager);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.decoupledWeightDecay = decoupledWeightDecay;
    }

    @Override
    protected int stateSlots() {
        return 2;
    }

    /**
     * One fused engine call per parameter: with the bias corrections folded into the step size,
     * {@code w -= lr * sqrt(1-beta2^t)/(1-beta1^t) * m / (sqrt(v) + eps)}, the "efficient version" of Kingma and Ba
     * (section 2); AdamW first applies {@code w -= lr * wd * w}.
     */
    @Override
    protected void update(NDArray w, NDArray g, NDArray[] slots, float lr, long step, NDManager scratch) {
        w.getNDArrayInternal().adamUpdate(new NDList(w, g, slots[0], slots[1]), new NDList(w), lr,
                correctedRate(lr, step), decoupledWeightDecay, 1f, -1f, beta1, beta2, epsilon, true,
                decoupledWeightDecay > 0);
    }

    /** The same rule in one pass over each element (CPU parameters). */
    @Override
    protected void updateOnHost(float[] w, float[] g, float[][] slots, int n, float lr, long step) {
        float rate = correctedRate(lr, step);
        float keep = 1 - lr * decoupledWeightDecay;
        float b1 = beta1;
        float b2 = beta2;
        float c1 = 1 - beta1;
        float c2 = 1 - beta2;
        float eps = epsilon;
        float[] m = slots[0];
        float[] v = slots[1];
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] = w[i] * keep - rate * mi / ((float) Math.sqrt(vi) + eps);
        }
    }

    @Override
    protected HostUpdate.InPlaceRule inPlace(float lr, long step) {
        return new AdamLanes(beta1, beta2, correctedRate(lr, step), 1 - lr * decoupledWeightDecay, epsilon);
    }

    private float correctedRate(float lr, long step) {
        return (float) (lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step)));
    }
}
