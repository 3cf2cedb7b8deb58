package org.trainingservice.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.trainingservice.training.optim.Optimizer;
import org.trainingservice.training.optim.TrainableParameter;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.OptimizerType;

/**
 * One fit's optimizer step on one batch: forward and backward (in chunks where the batch allows), the penalties on the
 * gradients, clipping, and the step. It reuses the trainable-parameter list and the batch buffers across the fit's
 * batches; each batch's arrays live in a sub-manager closed when the batch ends.
 */
final class BatchStep implements AutoCloseable {

    /** The rows {@code permutation[start..start+rows)} of the training split, trained as step {@code step}. */
    record Batch(int epoch, long step, int[] permutation, int start, int rows, float lr, BatchTransforms transforms) {
    }

    private final JobSpec spec;
    private final int outputs;
    private final int chunkRows;
    private final NDManager manager;
    private final SequentialBlock block;
    private final StepParameters store;
    private final Optimizer optimizer;
    private final PreparedSplit train;
    private final boolean classification;
    private final DirectRows inputRows = new DirectRows();
    private final DirectRows targetRows = new DirectRows();
    private final ResidentInputs residentInputs;
    private List<Pair<String, Parameter>> trainable;
    private float[] inputs = new float[0];
    private float[] targets = new float[0];

    BatchStep(JobSpec spec, int outputs, int chunkRows, NDManager manager, SequentialBlock block, Optimizer optimizer,
              PreparedSplit train, boolean classification, long residentBytes) {
        this.spec = spec;
        this.outputs = outputs;
        this.chunkRows = chunkRows;
        this.manager = manager;
        this.block = block;
        this.store = new StepParameters(manager);
        this.optimizer = optimizer;
        this.train = train;
        this.classification = classification;
        this.residentInputs = new ResidentInputs(train, manager, residentBytes, inputRows, chunkRows);
    }

    /** Batch normalization and mixup look across the whole batch, so it must stay in one piece for them. */
    static boolean chunked(JobSpec spec) {
        return !spec.model().batchNorm() && spec.regularization().mixup() == 0;
    }

    void train(Batch batch) {
        int n = batch.rows();
        int chunk = chunked(spec) ? Math.min(chunkRows, n) : n;
        ensureRows(chunk, train.cols());
        boolean resident = residentInputs.covers(n, chunk, batch.transforms());
        double loss = 0;
        try (NDManager scratch = manager.newSubManager()) {
            store.begin(trainable(), scratch);
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                for (int from = 0; from < n; from += chunk) {
                    int rows = Math.min(chunk, n - from);
                    // the chunk's arrays wrap the reused buffers: they must be gone before the next chunk fills them
                    try (NDManager pass = scratch.newSubManager()) {
                        fill(batch, batch.start() + from, rows, !resident);
                        NDArray input = resident ? residentInputs.rows(pass, from, rows)
                                : inputRows.wrap(pass, inputs, 0, rows, train.cols());
                        NDArray target = targetRows.wrap(pass, targets, 0, rows, outputs);
                        NDArray output = block.forward(store, new NDList(input), true).singletonOrThrow();
                        NDArray chunkLoss = Losses.of(spec.loss(), output, target);
                        collector.backward(rows == n ? chunkLoss : chunkLoss.mul((float) rows / n));
                        loss += (double) chunkLoss.getFloat() * rows / n;
                    }
                }
            }
            if (!Double.isFinite(loss)) {
                throw new TrainingDivergedException(batch.epoch(), batch.step(), (float) loss);
            }
            optimizer.step(gradients(scratch), batch.lr(), scratch);
        }
    }

    private void ensureRows(int rows, int cols) {
        if (inputs.length < rows * cols) {
            inputs = new float[rows * cols];
            targets = new float[rows * outputs];
        }
    }

    /**
     * Copies the targets of rows {@code permutation[start..start+rows)}, and their inputs where {@code withInputs},
     * into the step buffers, transformed.
     */
    private void fill(Batch batch, int start, int rows, boolean withInputs) {
        int cols = train.cols();
        float[] x = inputs;
        float[] t = targets;
        Arrays.fill(t, 0, rows * outputs, 0f);
        for (int i = 0; i < rows; i++) {
            int row = batch.permutation()[start + i];
            if (withInputs) {
                System.arraycopy(train.inputs(), row * cols, x, i * cols, cols);
            }
            // a row weight scales the row's target: every loss here is linear in a class target
            // (cross-entropy), so this is exactly the weighted loss; regression is never weighted
            float weight = train.weights() == null ? 1f : train.weights()[row];
            if (classification) {
                t[i * outputs + (int) train.targets()[row]] = weight;
            } else {
                t[i] = train.targets()[row];
            }
        }
        batch.transforms().apply(x, t, rows, cols, outputs, classification);
    }

    private List<Pair<String, Parameter>> trainable() {
        if (trainable == null) {
            // getParameters() rebuilds its list (and every prefixed name) on each call: once per fit is enough
            trainable = block.getParameters().stream().filter(p -> p.getValue().requiresGradient()).toList();
        }
        return trainable;
    }

    private List<TrainableParameter> gradients(NDManager scratch) {
        double l1 = spec.regularization().l1();
        double l2 = spec.regularization().l2();
        double clip = spec.optimizer().clipGradient();
        double decay = spec.optimizer().type() == OptimizerType.ADAMW ? 0 : spec.optimizer().weightDecay();
        List<TrainableParameter> parameters = new ArrayList<>();
        for (Pair<String, Parameter> pair : trainable()) {
            Parameter parameter = pair.getValue();
            NDArray weight = parameter.getArray();
            NDArray gradient = store.gradient(parameter);
            boolean isWeight = parameter.getType() == Parameter.Type.WEIGHT;
            if (isWeight && (l1 > 0 || l2 > 0 || decay > 0)) {
                // Penalties act on the gradient directly: d/dw (l1*|w| + l2*w^2) = l1*sign(w) + 2*l2*w. Adding them
                // to the loss graph instead leaks arrays into the model's manager.
                gradient = gradient.duplicate();
                gradient.attach(scratch);
                if (l1 > 0) {
                    NDArray sign = weight.sign();
                    sign.attach(scratch);
                    gradient.addi(sign.muli(l1));
                }
                if (l2 > 0 || decay > 0) {
                    NDArray w = weight.duplicate();
                    w.attach(scratch);
                    gradient.addi(w.muli(2 * l2 + decay));
                }
            }
            if (clip > 0) {
                gradient = gradient.clip(-clip, clip);
            }
            parameters.add(new TrainableParameter(pair.getKey(), weight, gradient));
        }
        return parameters;
    }

    /** Whether this fit's full-batch steps take their inputs from one engine array (after a first such step). */
    boolean residentInputs() {
        return residentInputs.uploaded();
    }

    @Override
    public void close() {
        residentInputs.close();
    }
}
