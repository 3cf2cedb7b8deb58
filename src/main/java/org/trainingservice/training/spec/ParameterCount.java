package org.trainingservice.training.spec;

/** How many trainable parameters a model spec builds, for the size limit at submission. */
public final class ParameterCount {

    private ParameterCount() {
    }

    /**
     * @param imageShape {@code [c, h, w]} for a CNN, else ignored
     */
    public static long of(ModelSpec model, int inputs, int outputs, int[] imageShape) {
        long count = 0;
        long width = inputs;
        if (model.type() == ModelType.CNN && imageShape != null && imageShape.length == 3) {
            long channels = imageShape[0];
            long h = imageShape[1];
            long w = imageShape[2];
            for (int filters : model.channels()) {
                count += channels * filters * 9 + filters + (model.batchNorm() ? 2L * filters : 0);
                channels = filters;
                h /= 2;
                w /= 2;
            }
            width = channels * h * w;
        }
        for (int units : model.hidden()) {
            count += width * units + units + (model.batchNorm() ? 2L * units : 0);
            width = units;
        }
        return count + width * outputs + outputs;
    }
}
