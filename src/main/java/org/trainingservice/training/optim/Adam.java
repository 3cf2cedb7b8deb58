package org.trainingservice.training.optim;

import ai.djl.ndarray.NDArray;
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
    protected void update(NDArray w, NDArray g, NDArray[] slots, float lr, long step, NDManager scratch) {
        NDArray m = slots[0];
        NDArray v = slots[1];
        if (decoupledWeightDecay > 0) {
            w.subi(copy(w, scratch).muli(lr * decoupledWeightDecay));
        }
        m.muli(beta1).addi(g.mul(1 - beta1));
        v.muli(beta2).addi(g.square().muli(1 - beta2));
        float correction1 = (float) (1 - Math.pow(beta1, step));
        float correction2 = (float) (1 - Math.pow(beta2, step));
        NDArray denominator = copy(v, scratch).divi(correction2).powi(0.5f).addi(epsilon);
        w.subi(copy(m, scratch).muli(lr / correction1).divi(denominator));
    }
}
