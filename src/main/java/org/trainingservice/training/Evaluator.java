package org.trainingservice.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.trainingservice.training.spec.LossType;

/**
 * Evaluates a model on a split in inference mode (dropout off, batch-norm running statistics) and computes the
 * metrics of the contract: {@code loss, accuracy} for classification; {@code loss, rmse, mae, r2} for regression, in
 * the target's own units.
 */
public final class Evaluator {

    private static final int CHUNK = 4096;

    private final LossType lossType;
    private final int classes;
    private final Preprocessing preprocessing;
    // an evaluation after every epoch must not leave a chunk-sized direct buffer behind each time
    private final DirectRows inputRows = new DirectRows();

    public Evaluator(LossType lossType, int classes, Preprocessing preprocessing) {
        this.lossType = lossType;
        this.classes = classes;
        this.preprocessing = preprocessing;
    }

    /** Raw model outputs for every row of {@code inputs} (rows x outputWidth). */
    public static float[] predict(Block block, NDManager manager, float[] inputs, int rows, int cols, int width) {
        return predict(block, manager, inputs, rows, cols, width, new DirectRows());
    }

    /** The same, handing the rows to the engine through {@code buffer}. */
    public static float[] predict(Block block, NDManager manager, float[] inputs, int rows, int cols, int width,
                                  DirectRows buffer) {
        float[] outputs = new float[rows * width];
        ParameterStore store = new ParameterStore(manager, false);
        for (int start = 0; start < rows; start += CHUNK) {
            int n = Math.min(CHUNK, rows - start);
            try (NDManager scratch = manager.newSubManager()) {
                NDArray x = buffer.wrap(scratch, inputs, start * cols, n, cols);
                NDArray out = block.forward(store, new NDList(x), false).singletonOrThrow();
                System.arraycopy(out.toFloatArray(), 0, outputs, start * width, n * width);
            }
        }
        return outputs;
    }

    public Map<String, Double> evaluate(Block block, NDManager manager, PreparedSplit split) {
        float[] outputs = predict(block, manager, split.inputs(), split.rows(), split.cols(), classes > 0 ? classes : 1,
                inputRows);
        return metrics(outputs, split);
    }

    /**
     * Metrics of model outputs: logits (classification; log-probabilities work alike for cross-entropy) or
     * standardized predictions (regression), rows x width.
     */
    public Map<String, Double> metrics(float[] outputs, PreparedSplit split) {
        return classes > 0 ? classification(outputs, split) : regression(outputs, split);
    }

    private Map<String, Double> classification(float[] outputs, PreparedSplit split) {
        float[] oneHot = new float[split.rows() * classes];
        int correct = 0;
        for (int r = 0; r < split.rows(); r++) {
            int label = (int) split.targets()[r];
            oneHot[r * classes + label] = 1f;
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (outputs[r * classes + k] > outputs[r * classes + best]) {
                    best = k;
                }
            }
            if (best == label) {
                correct++;
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", Losses.of(lossType, outputs, oneHot, split.rows(), classes));
        metrics.put("accuracy", (double) correct / split.rows());
        return metrics;
    }

    private Map<String, Double> regression(float[] outputs, PreparedSplit split) {
        int n = split.rows();
        float[] predicted = new float[n];
        double mean = 0;
        for (int r = 0; r < n; r++) {
            predicted[r] = (float) preprocessing.inverseTarget(outputs[r]);
            mean += split.rawTargets()[r];
        }
        mean /= n;
        double squares = 0;
        double absolute = 0;
        double total = 0;
        for (int r = 0; r < n; r++) {
            double d = predicted[r] - split.rawTargets()[r];
            squares += d * d;
            absolute += Math.abs(d);
            double t = split.rawTargets()[r] - mean;
            total += t * t;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", Losses.of(lossType, predicted, split.rawTargets(), n, 1));
        metrics.put("rmse", Math.sqrt(squares / n));
        metrics.put("mae", absolute / n);
        metrics.put("r2", total == 0 ? 0.0 : 1 - squares / total);
        return metrics;
    }
}
