package org.trainingservice.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import org.trainingservice.training.spec.ModelSpec;
import org.trainingservice.training.spec.ModelType;

/** Builds the DJL block a {@link ModelSpec} describes. The output layer is linear: losses apply softmax themselves. */
public final class ModelFactory {

    private ModelFactory() {
    }

    /**
     * @param inputs features per row
     * @param outputs classes for classification, 1 for regression
     * @param imageShape {@code [channels, height, width]}, required for a CNN
     */
    public static SequentialBlock build(ModelSpec spec, int inputs, int outputs, int[] imageShape) {
        SequentialBlock net = new SequentialBlock();
        if (spec.type() == ModelType.CNN) {
            int channels = imageShape[0];
            int height = imageShape[1];
            int width = imageShape[2];
            net.add(new LambdaBlock(list -> new NDList(list.singletonOrThrow().reshape(-1, channels, height, width)),
                    "to_image"));
            for (int filters : spec.channels()) {
                net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .setFilters(filters).build());
                if (spec.batchNorm()) {
                    net.add(BatchNorm.builder().build());
                }
                net.add(activation(spec));
                net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
            net.add(Blocks.batchFlattenBlock());
        }
        for (int units : spec.hidden()) {
            net.add(Linear.builder().setUnits(units).build());
            if (spec.batchNorm()) {
                net.add(BatchNorm.builder().build());
            }
            net.add(activation(spec));
            if (spec.dropout() > 0) {
                net.add(Dropout.builder().optRate(spec.dropout().floatValue()).build());
            }
        }
        net.add(Linear.builder().setUnits(outputs).build());
        return net;
    }

    private static Block activation(ModelSpec spec) {
        return switch (spec.activation()) {
            case RELU -> Activation.reluBlock();
            case SIGMOID -> Activation.sigmoidBlock();
            case TANH -> Activation.tanhBlock();
            case LEAKY_RELU -> Activation.leakyReluBlock(0.01f);
            case GELU -> Activation.geluBlock();
        };
    }
}
