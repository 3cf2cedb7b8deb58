package org.trainingservice.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter store of training steps: it hands the blocks, for each trainable parameter, a leaf of the step's own,
 * an alias of the parameter's memory that starts without a gradient. PyTorch then hands over the gradient the backward
 * pass computed instead of adding it into a gradient buffer kept from step to step, which the step before would have
 * had to zero: two passes over every weight less per step (at batch 1 the step took 17% less time). The leaves and
 * their gradients belong to the step's manager and go with it.
 */
final class StepParameters extends ParameterStore {

    private final Map<Parameter, NDArray> leaves = new IdentityHashMap<>();

    StepParameters(NDManager manager) {
        super(manager, false);
    }

    /** Makes fresh leaves of {@code trainable} in {@code step}, the manager of the step about to run. */
    void begin(List<Pair<String, Parameter>> trainable, NDManager step) {
        leaves.clear();
        for (Pair<String, Parameter> pair : trainable) {
            NDArray leaf = pair.getValue().getArray().stopGradient();
            leaf.attach(step);
            leaf.setRequiresGradient(true);
            leaves.put(pair.getValue(), leaf);
        }
    }

    /** The gradient the step's passes computed for {@code parameter}; it lives in the step's manager. */
    NDArray gradient(Parameter parameter) {
        return leaves.get(parameter).getGradient();
    }

    /**
     * The step's leaf of a trainable parameter, as it is: a copy to another device would take the gradient away from
     * the leaf, and the step would silently not train (the trainer runs a model on one device).
     */
    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        NDArray leaf = leaves.get(parameter);
        return leaf != null ? leaf : super.getValue(parameter, device, training);
    }
}
