package org.trainingservice.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.trainingservice.training.optim.LearningRateSchedule;
import org.trainingservice.training.optim.Optimizer;
import org.trainingservice.training.optim.Optimizers;
import org.trainingservice.training.optim.TrainableParameter;
import org.trainingservice.training.spec.BatchMode;
import org.trainingservice.training.spec.EarlyStoppingSpec;
import org.trainingservice.training.spec.JobSpec;

/**
 * Trains one model on one training split, validating after every epoch. The loop is our own (not DJL's
 * {@code Trainer}) so that the optimizer state, the penalties and the batch transforms are ours to control, and every
 * batch's arrays live in a sub-manager that is closed when the batch ends.
 */
public final class ModelTrainer {

    private final JobSpec spec;
    private final int outputs;
    private final int[] imageShape;
    private final Evaluator evaluator;
    private final int chunkRows;

    public ModelTrainer(JobSpec spec, int outputs, int[] imageShape, Evaluator evaluator) {
        this(spec, outputs, imageShape, evaluator, CHUNK_ROWS);
    }

    ModelTrainer(JobSpec spec, int outputs, int[] imageShape, Evaluator evaluator, int chunkRows) {
        this.spec = spec;
        this.outputs = outputs;
        this.imageShape = imageShape;
        this.evaluator = evaluator;
        this.chunkRows = chunkRows;
    }

    /**
     * Trains a model on {@code train}, validating on {@code validation} after every epoch; without a validation split
     * (a refit on all non-test rows) it runs the full epochs and reports training metrics only.
     */
    public FitOutcome fit(NDManager manager, PreparedSplit train, PreparedSplit validation, long seed,
                          TrainingObserver observer, SubRun subRun) {
        return fit(manager, train, validation, seed, observer, subRun, null, CheckpointSink.NONE);
    }

    /**
     * The same, continuing from {@code resume} when given, and handing progress to {@code checkpoints} every
     * {@code checkpoint.everyEpochs} epochs and when the observer asks to suspend.
     */
    public FitOutcome fit(NDManager manager, PreparedSplit train, PreparedSplit validation, long seed,
                          TrainingObserver observer, SubRun subRun, FitProgress resume, CheckpointSink checkpoints) {
        Engine.getInstance().setRandomSeed((int) Seeds.derive(seed, 0, 0));
        SequentialBlock block = ModelFactory.build(spec.model(), train.cols(), outputs, imageShape);
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, train.cols()));
        Optimizer optimizer = Optimizers.create(spec.optimizer(), manager);

        EarlyStoppingSpec early = validation == null ? null : spec.regularization().earlyStopping();
        String monitor = early == null ? "val_loss" : early.monitor();
        boolean maximize = monitor.endsWith("accuracy") || monitor.endsWith("r2");
        double best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        byte[] bestParameters = null;
        int epoch = 0;
        int skipBatches = 0;
        long step = 0;
        if (resume != null) {
            loadParameters(block, manager, resume.parameters());
            optimizer.loadState(resume.optimizerState());
            epoch = resume.completedEpochs();
            skipBatches = resume.batchesDone();
            step = resume.step();
            best = resume.best();
            bestEpoch = resume.bestEpoch();
            sinceBest = resume.sinceBest();
            bestParameters = resume.bestParameters();
        }

        int epochs = spec.training().epochs();
        LearningRateSchedule schedule = new LearningRateSchedule(spec.optimizer().schedule(),
                spec.optimizer().learningRate(), epochs);
        StepParameters store = new StepParameters(manager);
        boolean classification = outputs > 1 || isClassificationLoss();
        int batchSize = batchSize(train.rows());
        int everyEpochs = spec.checkpoint() == null ? Integer.MAX_VALUE : spec.checkpoint().everyEpochs();
        // resumed from the checkpoint of an early stop: the fit ended there, as it did in the interrupted run
        boolean stoppedBefore = early != null && resume != null && sinceBest >= early.patience();
        boolean stoppedEarly = stoppedBefore && epoch < epochs;
        boolean paused = false;
        double lastMonitored = Double.NaN;
        int[] order = new int[train.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        boolean usesEngineRandomness = spec.model().dropout() > 0;
        boolean fullBatch = batchSize >= train.rows();
        int passRows = chunked() ? Math.min(chunkRows, batchSize) : batchSize;
        boolean onCpu = Device.cpu().equals(manager.getDevice());
        StepBuffers buffers = new StepBuffers();
        while (epoch < epochs && !stoppedBefore) {
            epoch++;
            float lr = schedule.rateAt(epoch - 1);
            // a full batch sums over every row whatever the order: no shuffle
            int[] permutation = fullBatch ? order
                    : Splitter.permutation(order, new SplittableRandom(Seeds.derive(seed, epoch, -1)));
            int batch = 0;
            long samples = 0;
            long started = System.nanoTime();
            try (IntraOpThreads threads = IntraOpThreads.forPassesOf(passRows, onCpu)) {
                for (int start = 0; start < permutation.length; start += batchSize, batch++) {
                    if (batch < skipBatches) {
                        continue;
                    }
                    if (observer.shouldStop()) {
                        throw new TrainingCancelledException(epoch);
                    }
                    if (observer.shouldSuspend()) {
                        checkpoints.save(new FitProgress(epoch - 1, batch, step, best, bestEpoch, sinceBest, bestParameters,
                                saveParameters(block), optimizerState(optimizer)), monitor, lastMonitored);
                        throw new TrainingSuspendedException(epoch);
                    }
                    int n = Math.min(batchSize, permutation.length - start);
                    step++;
                    // every batch's randomness (dropout, noise, mixup, augmentation) depends only on (seed, epoch, batch),
                    // so a run resumed at any batch boundary draws exactly what the uninterrupted run drew
                    if (usesEngineRandomness) {
                        Engine.getInstance().setRandomSeed((int) Seeds.derive(seed, epoch, batch));
                    }
                    BatchTransforms transforms = new BatchTransforms(spec.regularization(), imageShape,
                            Seeds.derive(seed ^ 0x5DEECE66DL, epoch, batch));
                    trainBatch(manager, block, store, optimizer, transforms, train, permutation, start, n, lr,
                            classification, epoch, step, buffers);
                    samples += n;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            skipBatches = 0;
            Map<String, Double> metrics = new LinkedHashMap<>();
            evaluator.evaluate(block, manager, train).forEach((k, v) -> metrics.put("train_" + k, v));
            if (validation != null) {
                evaluator.evaluate(block, manager, validation).forEach((k, v) -> metrics.put("val_" + k, v));
            }
            double current = metrics.getOrDefault(monitor, Double.NaN);
            lastMonitored = current;
            double minDelta = early == null ? 0 : early.minDelta();
            boolean improved = maximize ? current > best + minDelta : current < best - minDelta;
            if (improved) {
                best = current;
                bestEpoch = epoch;
                sinceBest = 0;
                if (early != null && early.restoreBest()) {
                    bestParameters = saveParameters(block);
                }
            } else {
                sinceBest++;
            }
            double fraction = (subRun.index() + (double) epoch / epochs) / subRun.count();
            observer.onEpoch(new EpochReport(epoch, epochs, step, samples, seconds, metrics, lr, subRun.fold(), subRun.member(),
                    subRun.round(), subRun.label(), fraction));
            boolean stop = early != null && sinceBest >= early.patience();
            // a pause ends the fit like its last epoch, with a checkpoint to continue from exactly there
            boolean pause = !stop && epoch < epochs && observer.pauseAfter(epoch);
            // the final epoch is checkpointed too, so that it can be the best or the last one kept
            boolean last = stop || epoch == epochs;
            if (last || epoch % everyEpochs == 0 || pause) {
                checkpoints.save(new FitProgress(epoch, 0, step, best, bestEpoch, sinceBest, bestParameters,
                        saveParameters(block), optimizerState(optimizer)), monitor, current);
            }
            if (stop || pause) {
                stoppedEarly = stop && epoch < epochs;
                paused = pause;
                break;
            }
        }
        if (bestParameters != null && bestEpoch != epoch) {
            loadParameters(block, manager, bestParameters);
        }
        return new FitOutcome(block, bestEpoch == 0 ? epoch : bestEpoch, epoch, stoppedEarly, step, paused);
    }

    private static byte[] optimizerState(Optimizer optimizer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            optimizer.saveState(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rows per forward and backward pass. A larger batch goes through in chunks whose gradients PyTorch adds into the
     * step's gradients: the gradient of a mean loss over n rows is the sum over chunks of (chunk rows / n) times the
     * gradient of the chunk's mean loss, so the step is the same while activations stay small enough for the matrix
     * products to run near the machine's rate (a 60,000-row forward pass ran at half of it here).
     */
    private static final int CHUNK_ROWS = 2048;

    /**
     * What steps reuse instead of rebuilding: the list of trainable parameters and the batch: assembled in Java
     * arrays, handed to the engine through direct buffers.
     */
    private static final class StepBuffers {
        final DirectRows inputRows = new DirectRows();
        final DirectRows targetRows = new DirectRows();
        List<Pair<String, Parameter>> trainable;
        float[] inputs = new float[0];
        float[] targets = new float[0];

        void ensureRows(int rows, int cols, int outputs) {
            if (inputs.length < rows * cols) {
                inputs = new float[rows * cols];
                targets = new float[rows * outputs];
            }
        }
    }

    /** Batch normalization and mixup look across the whole batch, so it must stay in one piece for them. */
    private boolean chunked() {
        return !spec.model().batchNorm() && spec.regularization().mixup() == 0;
    }

    private void trainBatch(NDManager manager, SequentialBlock block, StepParameters store, Optimizer optimizer,
                            BatchTransforms transforms, PreparedSplit train, int[] permutation, int start, int n,
                            float lr, boolean classification, int epoch, long step, StepBuffers buffers) {
        int chunk = chunked() ? Math.min(chunkRows, n) : n;
        buffers.ensureRows(chunk, train.cols(), outputs);
        double loss = 0;
        try (NDManager scratch = manager.newSubManager()) {
            store.begin(trainable(block, buffers), scratch);
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                for (int from = 0; from < n; from += chunk) {
                    int rows = Math.min(chunk, n - from);
                    // the chunk's arrays wrap the reused buffers: they must be gone before the next chunk fills them
                    try (NDManager pass = scratch.newSubManager()) {
                        fillBatch(train, permutation, start + from, rows, transforms, classification, buffers);
                        NDArray input = buffers.inputRows.wrap(pass, buffers.inputs, 0, rows, train.cols());
                        NDArray target = buffers.targetRows.wrap(pass, buffers.targets, 0, rows, outputs);
                        NDArray output = block.forward(store, new NDList(input), true).singletonOrThrow();
                        NDArray chunkLoss = Losses.of(spec.loss(), output, target);
                        collector.backward(rows == n ? chunkLoss : chunkLoss.mul((float) rows / n));
                        loss += (double) chunkLoss.getFloat() * rows / n;
                    }
                }
            }
            if (!Double.isFinite(loss)) {
                throw new TrainingDivergedException(epoch, step, (float) loss);
            }
            List<TrainableParameter> parameters = gradients(block, scratch, buffers, store);
            optimizer.step(parameters, lr, scratch);
        }
    }

    /** Copies rows {@code permutation[start..start+rows)} and their targets into the step buffers, transformed. */
    private void fillBatch(PreparedSplit train, int[] permutation, int start, int rows, BatchTransforms transforms,
                           boolean classification, StepBuffers buffers) {
        int cols = train.cols();
        float[] x = buffers.inputs;
        float[] t = buffers.targets;
        Arrays.fill(t, 0, rows * outputs, 0f);
        for (int i = 0; i < rows; i++) {
            int row = permutation[start + i];
            System.arraycopy(train.inputs(), row * cols, x, i * cols, cols);
            // a row weight scales the row's target: every loss here is linear in a class target
            // (cross-entropy), so this is exactly the weighted loss; regression is never weighted
            float weight = train.weights() == null ? 1f : train.weights()[row];
            if (classification) {
                t[i * outputs + (int) train.targets()[row]] = weight;
            } else {
                t[i] = train.targets()[row];
            }
        }
        transforms.apply(x, t, rows, cols, outputs, classification);
    }

    private static List<Pair<String, Parameter>> trainable(SequentialBlock block, StepBuffers buffers) {
        if (buffers.trainable == null) {
            // getParameters() rebuilds its list (and every prefixed name) on each call: once per fit is enough
            buffers.trainable = block.getParameters().stream().filter(p -> p.getValue().requiresGradient()).toList();
        }
        return buffers.trainable;
    }

    private List<TrainableParameter> gradients(SequentialBlock block, NDManager scratch, StepBuffers buffers,
                                               StepParameters store) {
        double l1 = spec.regularization().l1();
        double l2 = spec.regularization().l2();
        double clip = spec.optimizer().clipGradient();
        double decay = spec.optimizer().type() == org.trainingservice.training.spec.OptimizerType.ADAMW
                ? 0 : spec.optimizer().weightDecay();
        List<TrainableParameter> parameters = new ArrayList<>();
        for (Pair<String, Parameter> pair : trainable(block, buffers)) {
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
            parameters.add(new TrainableParameter(pair.getKey(), weight, gradient, isWeight));
        }
        return parameters;
    }

    private int batchSize(int rows) {
        BatchMode mode = spec.training().batchMode();
        return switch (mode) {
            case STOCHASTIC -> 1;
            case FULL_BATCH -> rows;
            case MINI_BATCH -> Math.min(spec.training().batchSize(), rows);
        };
    }

    private boolean isClassificationLoss() {
        return spec.loss().isClassification();
    }

    public static byte[] saveParameters(SequentialBlock block) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            block.saveParameters(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void loadParameters(SequentialBlock block, NDManager manager, byte[] parameters) {
        try {
            block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException(e);
        }
    }
}
