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
            ModelTrainer.loadParameters(block, manager, model.members().get(0).parameters());
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
}
