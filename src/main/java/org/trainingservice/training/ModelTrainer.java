package org.trainingservice.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.initializer.XavierInitializer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.trainingservice.training.optim.LearningRateSchedule;
import org.trainingservice.training.optim.Optimizer;
import org.trainingservice.training.optim.Optimizers;
import org.trainingservice.training.spec.BatchMode;
import org.trainingservice.training.spec.JobSpec;

/**
 * Trains one model on one training split, validating after every epoch. The loop is our own (not DJL's
 * {@code Trainer}) so that the optimizer state, the penalties and the batch transforms are ours to control; it reads
 * like DJL's {@code EasyTrain.fit}: resume, then for each epoch the batches ({@link BatchStep}), evaluation, the
 * observer, {@link EarlyStopping} and the {@link CheckpointCadence} (or a pause).
 */
public final class ModelTrainer {

    private final JobSpec spec;
    private final int outputs;
    private final int[] imageShape;
    private final Evaluator evaluator;
    private final int chunkRows;
    private final long residentBytes;
    private final int rowsPerThread = IntraOpThreads.rowsPerThread(Processor.ofThisMachine());

    public ModelTrainer(JobSpec spec, int outputs, int[] imageShape, Evaluator evaluator) {
        this(spec, outputs, imageShape, evaluator, CHUNK_ROWS, ResidentInputs.MAX_BYTES);
    }

    /** {@code residentBytes}: the largest training split whose inputs a full batch keeps in one engine array. */
    ModelTrainer(JobSpec spec, int outputs, int[] imageShape, Evaluator evaluator, int chunkRows, long residentBytes) {
        this.spec = spec;
        this.outputs = outputs;
        this.imageShape = imageShape;
        this.evaluator = evaluator;
        this.chunkRows = chunkRows;
        this.residentBytes = residentBytes;
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
     * {@code checkpoint.everyEpochs} epochs, on a pause and when the observer asks to suspend.
     */
    public FitOutcome fit(NDManager manager, PreparedSplit train, PreparedSplit validation, long seed,
                          TrainingObserver observer, SubRun subRun, FitProgress resume, CheckpointSink checkpoints) {
        Engine.getInstance().setRandomSeed((int) Seeds.derive(seed, 0, 0));
        SequentialBlock block = ModelFactory.build(spec.model(), train.cols(), outputs, imageShape);
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, train.cols()));
        Optimizer optimizer = Optimizers.create(spec.optimizer(), manager);
        EarlyStopping early = EarlyStopping.of(validation == null ? null : spec.regularization().earlyStopping());
        FitState state = new FitState(block, optimizer, early);
        if (resume != null) {
            state.resume(resume, manager);
        }

        int epochs = spec.training().epochs();
        LearningRateSchedule schedule = new LearningRateSchedule(spec.optimizer().schedule(),
                spec.optimizer().learningRate(), epochs);
        CheckpointCadence cadence = CheckpointCadence.of(spec.checkpoint(), checkpoints);
        Epochs pass = new Epochs(train.rows(), batchSize(train.rows()), Device.cpu().equals(manager.getDevice()));
        // resumed from the checkpoint of an early stop: the fit ended there, as it did in the interrupted run
        boolean stoppedBefore = resume != null && early.shouldStop();
        boolean stoppedEarly = stoppedBefore && state.epoch < epochs;
        boolean paused = false;
        try (BatchStep batchStep = new BatchStep(spec, outputs, chunkRows, manager, block, optimizer, train,
                outputs > 1 || spec.loss().isClassification(), residentBytes)) {
            while (state.epoch < epochs && !stoppedBefore) {
                int epoch = ++state.epoch;
                float lr = schedule.rateAt(epoch - 1);
                long started = System.nanoTime();
                long samples = trainEpoch(state, pass, batchStep, seed, lr, observer, cadence);
                double seconds = (System.nanoTime() - started) / 1e9;
                Map<String, Double> metrics = evaluate(block, manager, train, validation);
                state.history.add(new MetricHistory.Epoch(epoch, metrics));
                early.observe(epoch, metrics.getOrDefault(early.monitor().jsonName(), Double.NaN),
                        () -> ModelParameters.save(block));
                double fraction = (subRun.index() + (double) epoch / epochs) / subRun.count();
                observer.onEpoch(new EpochReport(epoch, epochs, state.step, samples, seconds, metrics, lr, subRun.fold(),
                        subRun.member(), subRun.round(), subRun.label(), fraction, subRun.curveFraction()));
                boolean stop = early.shouldStop();
                // a pause ends the fit like its last epoch, with a checkpoint to continue from exactly there
                boolean pause = !stop && epoch < epochs && observer.pauseAfter(epoch);
                // the final epoch is checkpointed too, so that it can be the best or the last one kept
                if (cadence.dueAt(epoch, stop || epoch == epochs) || pause) {
                    cadence.save(state, epoch, 0);
                }
                if (stop || pause) {
                    stoppedEarly = stop && epoch < epochs;
                    paused = pause;
                    break;
                }
            }
        }
        byte[] best = early.parametersToRestore(state.epoch);
        if (best != null) {
            ModelParameters.load(block, manager, best);
        }
        return new FitOutcome(block, early.bestEpochOr(state.epoch), state.epoch, stoppedEarly, state.step,
                new MetricHistory(state.history), paused);
    }

    /** How an epoch goes through the rows: the batch size, the identity order, whether to shuffle at all. */
    private record Epochs(int[] order, int batchSize, boolean fullBatch, boolean onCpu) {

        Epochs(int rows, int batchSize, boolean onCpu) {
            this(IntStream.range(0, rows).toArray(), batchSize, batchSize >= rows, onCpu);
        }
    }

    /** Trains the epoch {@code state.epoch}'s batches (those a resumed run has not done yet) and returns its rows. */
    private long trainEpoch(FitState state, Epochs pass, BatchStep batchStep, long seed, float lr,
                            TrainingObserver observer, CheckpointCadence cadence) {
        int epoch = state.epoch;
        // a full batch sums over every row whatever the order: no shuffle
        int[] permutation = pass.fullBatch() ? pass.order()
                : Splitter.permutation(pass.order(), new SplittableRandom(Seeds.derive(seed, epoch, -1)));
        int batchSize = pass.batchSize();
        int passRows = BatchStep.chunked(spec) ? Math.min(chunkRows, batchSize) : batchSize;
        boolean usesEngineRandomness = spec.model().dropout() > 0;
        long samples = 0;
        int batch = 0;
        try (IntraOpThreads threads = IntraOpThreads.forPassesOf(passRows, rowsPerThread, pass.onCpu())) {
            for (int start = 0; start < permutation.length; start += batchSize, batch++) {
                if (batch < state.skipBatches) {
                    continue;
                }
                if (observer.shouldStop()) {
                    throw new TrainingCancelledException(epoch);
                }
                if (observer.shouldSuspend()) {
                    cadence.save(state, epoch - 1, batch);
                    throw new TrainingSuspendedException(epoch);
                }
                int n = Math.min(batchSize, permutation.length - start);
                state.step++;
                // every batch's randomness (dropout, noise, mixup, augmentation) depends only on (seed, epoch, batch),
                // so a run resumed at any batch boundary draws exactly what the uninterrupted run drew
                if (usesEngineRandomness) {
                    Engine.getInstance().setRandomSeed((int) Seeds.derive(seed, epoch, batch));
                }
                BatchTransforms transforms = new BatchTransforms(spec.regularization(), imageShape,
                        Seeds.derive(seed ^ 0x5DEECE66DL, epoch, batch));
                batchStep.train(new BatchStep.Batch(epoch, state.step, permutation, start, n, lr, transforms));
                samples += n;
            }
        }
        state.skipBatches = 0;
        return samples;
    }

    private Map<String, Double> evaluate(SequentialBlock block, NDManager manager, PreparedSplit train,
                                         PreparedSplit validation) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        evaluator.evaluate(block, manager, train).forEach((k, v) -> metrics.put("train_" + k, v));
        if (validation != null) {
            evaluator.evaluate(block, manager, validation).forEach((k, v) -> metrics.put("val_" + k, v));
        }
        return metrics;
    }

    /**
     * Rows per forward and backward pass. A larger batch goes through in chunks whose gradients PyTorch adds into the
     * step's gradients: the gradient of a mean loss over n rows is the sum over chunks of (chunk rows / n) times the
     * gradient of the chunk's mean loss, so the step is the same while activations stay small enough for the matrix
     * products to run near the machine's rate (a 60,000-row forward pass ran at half of it here).
     */
    private static final int CHUNK_ROWS = 2048;

    private int batchSize(int rows) {
        BatchMode mode = spec.training().batchMode();
        return switch (mode) {
            case STOCHASTIC -> 1;
            case FULL_BATCH -> rows;
            case MINI_BATCH -> Math.min(spec.training().batchSize(), rows);
        };
    }
}
