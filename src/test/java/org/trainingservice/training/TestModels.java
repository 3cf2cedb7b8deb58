package org.trainingservice.training;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;

/** Reads trained parameters back for assertions. */
final class TestModels {

    private TestModels() {
    }

    /** Sum of |w| and of w^2 over weights (not biases or batch-norm parameters). */
    static double[] weightNorms(TrainedModel model) {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = ModelFactory.build(model.spec().model(), model.inputs(), model.outputs(), model.imageShape());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, model.inputs()));
            ModelParameters.load(block, manager, model.members().get(0).parameters());
            double l1 = 0;
            double l2 = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                    for (float v : p.getValue().getArray().toFloatArray()) {
                        l1 += Math.abs(v);
                        l2 += v * v;
                    }
                }
            }
            return new double[]{l1, l2};
        }
    }

    /** Every value of the first member's parameters of {@code type}, in the block's order. */
    static float[] parameters(TrainedModel model, Parameter.Type type) {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = load(model, manager);
            java.util.List<Float> values = new java.util.ArrayList<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().getType() == type) {
                    for (float v : p.getValue().getArray().toFloatArray()) {
                        values.add(v);
                    }
                }
            }
            float[] out = new float[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        }
    }

    /** The first member's raw outputs on {@code split}. */
    static float[] outputs(TrainedModel model, PreparedSplit split) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return Evaluator.predict(load(model, manager), manager, split.inputs(), split.rows(), split.cols(), model.outputs());
        }
    }

    private static SequentialBlock load(TrainedModel model, NDManager manager) {
        SequentialBlock block = ModelFactory.build(model.spec().model(), model.inputs(), model.outputs(), model.imageShape());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, model.inputs()));
        ModelParameters.load(block, manager, model.members().get(0).parameters());
        return block;
    }
}
