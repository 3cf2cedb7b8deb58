package org.trainingservice.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Adam with bias correction; with {@code decoupledWeightDecay > 0} it is AdamW (Loshchilov and Hutter):
 * {@code w -= lr*wd*w} before the Adam step.
 */
public final class Adam extends Optimizer {

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

    @Override
    public boolean zeroesGradients() {
        return true;
    }

    /**
     * One fused engine call per parameter (the per-step cost that dominates small batches): with the bias corrections
     * folded into the step size, {@code w -= lr * sqrt(1-beta2^t)/(1-beta1^t) * m / (sqrt(v) + eps)}, the "efficient
     * version" of Kingma and Ba (section 2); AdamW first applies {@code w -= lr * wd * w}.
     */
    @Override
    protected void update(NDArray w, NDArray g, NDArray[] slots, float lr, long step, NDManager scratch) {
        float correctedRate = (float) (lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step)));
        w.getNDArrayInternal().adamUpdate(new NDList(w, g, slots[0], slots[1]), new NDList(w), lr, correctedRate,
                decoupledWeightDecay, 1f, -1f, beta1, beta2, epsilon, true, decoupledWeightDecay > 0);
    }
}
