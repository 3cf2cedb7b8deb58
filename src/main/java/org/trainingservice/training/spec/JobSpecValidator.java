package org.trainingservice.training.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a spec with its defaults applied. Every message names the allowed range, so a person can fix the spec from
 * the error alone. Limits that depend on the dataset (input sizes, classes) are checked where the dataset is known.
 */
public final class JobSpecValidator {

    private static final Pattern DEVICE = Pattern.compile("auto|cpu|cuda|cuda:\\d+");

    private final List<SpecViolation> violations = new ArrayList<>();

    private JobSpecValidator() {
    }

    public static List<SpecViolation> validate(JobSpec spec) {
        JobSpecValidator v = new JobSpecValidator();
        v.check(spec);
        return List.copyOf(v.violations);
    }

    private void check(JobSpec spec) {
        if (spec.dataset() == null) {
            add("dataset", "is required: {\"builtin\": \"moons\"} or {\"id\": \"<uploaded dataset id>\"}");
        } else if ((spec.dataset().id() == null) == (spec.dataset().builtin() == null)) {
            add("dataset", "give exactly one of dataset.id (an uploaded dataset) or dataset.builtin (a generator)");
        }
        if (spec.name() != null && spec.name().length() > 200) {
            add("name", "must be at most 200 characters");
        }
        ModelSpec model = spec.model();
        if (model.hidden().size() > 16) {
            add("model.hidden", "at most 16 hidden layers");
        }
        for (int i = 0; i < model.hidden().size(); i++) {
            Integer units = model.hidden().get(i);
            if (units == null || units < 1 || units > 4096) {
                add("model.hidden[" + i + "]", "must be between 1 and 4096 units");
            }
        }
        if (model.channels().isEmpty() || model.channels().size() > 4) {
            add("model.channels", "a cnn has 1 to 4 conv-pool blocks");
        }
        for (int i = 0; i < model.channels().size(); i++) {
            Integer c = model.channels().get(i);
            if (c == null || c < 1 || c > 256) {
                add("model.channels[" + i + "]", "must be between 1 and 256 channels");
            }
        }
        range("model.dropout", model.dropout(), 0, 0.95);
        if (spec.task() == Task.REGRESSION && spec.loss().isClassification()) {
            add("loss", "'" + name(spec.loss()) + "' needs a classification task; for regression use mse, mae or huber");
        }
        OptimizerSpec opt = spec.optimizer();
        positive("optimizer.learningRate", opt.learningRate());
        range("optimizer.momentum", opt.momentum(), 0, 0.999999);
        range("optimizer.beta1", opt.beta1(), 0, 0.999999);
        range("optimizer.beta2", opt.beta2(), 0, 0.999999999);
        positive("optimizer.epsilon", opt.epsilon());
        range("optimizer.rho", opt.rho(), 0, 0.999999);
        range("optimizer.weightDecay", opt.weightDecay(), 0, 1);
        range("optimizer.clipGradient", opt.clipGradient(), 0, 1e6);
        ScheduleSpec schedule = opt.schedule();
        intRange("optimizer.schedule.warmupEpochs", schedule.warmupEpochs(), 0, 1000);
        intRange("optimizer.schedule.stepSize", schedule.stepSize(), 1, 10000);
        range("optimizer.schedule.gamma", schedule.gamma(), 1e-6, 1);
        if (validPositive(opt.learningRate())) {
            // bounded by the learning rate: when that is refused, its own problem is the one to fix
            range("optimizer.schedule.minLearningRate", schedule.minLearningRate(), 0, opt.learningRate());
        }
        TrainingSettings training = spec.training();
        intRange("training.epochs", training.epochs(), 1, 10000);
        intRange("training.batchSize", training.batchSize(), 1, 65536);
        if (!DEVICE.matcher(training.device()).matches()) {
            add("training.device", "must be auto, cpu, cuda or cuda:N");
        }
        if (model.batchNorm() && training.batchMode() == BatchMode.STOCHASTIC) {
            add("model.batchNorm", "batch normalization needs at least 2 samples per step; use batchMode mini_batch "
                    + "or full_batch, or turn batchNorm off");
        }
        RegularizationSpec reg = spec.regularization();
        range("regularization.l1", reg.l1(), 0, 10);
        range("regularization.l2", reg.l2(), 0, 10);
        range("regularization.inputNoise", reg.inputNoise(), 0, 10);
        range("regularization.labelSmoothing", reg.labelSmoothing(), 0, 0.99);
        range("regularization.mixup", reg.mixup(), 0, 100);
        intRange("regularization.augmentation.shift", reg.augmentation().shift(), 0, 32);
        range("regularization.augmentation.rotation", reg.augmentation().rotation(), 0, 180);
        range("regularization.augmentation.jitter", reg.augmentation().jitter(), 0, 10);
        if (reg.earlyStopping() != null) {
            EarlyStoppingSpec es = reg.earlyStopping();
            Monitor monitor = Monitor.find(es.monitor()).orElse(null);
            if (monitor == null) {
                add("regularization.earlyStopping.monitor", "must be one of " + Monitor.NAMES
                        + " (early stopping watches validation data only)");
            } else if (!monitor.appliesTo(spec.task())) {
                add("regularization.earlyStopping.monitor", spec.task() == Task.REGRESSION
                        ? monitor.jsonName() + " needs a classification task"
                        : monitor.jsonName() + " needs a regression task; use val_loss or val_accuracy");
            }
            intRange("regularization.earlyStopping.patience", es.patience(), 1, 10000);
            range("regularization.earlyStopping.minDelta", es.minDelta(), 0, 1e6);
        }
        ValidationSpec validation = spec.validation();
        boolean fractions = range("validation.validationFraction", validation.validationFraction(), 0.01, 0.5)
                & range("validation.testFraction", validation.testFraction(), 0, 0.5);
        if (fractions && validation.validationFraction() + validation.testFraction() > 0.8) {
            add("validation", "validationFraction + testFraction must leave at least 20% of the rows for training");
        }
        intRange("validation.folds", validation.folds(), 2, 20);

        EnsembleSpec ensemble = spec.ensemble();
        intRange("ensemble.members", ensemble.members(), 1, 50);
        range("ensemble.sampleFraction", ensemble.sampleFraction(), 0.05, 1);
        range("ensemble.shrinkage", ensemble.shrinkage(), 1e-3, 1);
        if (ensemble.method() != EnsembleMethod.NONE && validation.strategy() == ValidationStrategy.KFOLD) {
            add("ensemble.method", "choose either kfold validation or an ensemble, not both");
        }
        if (ensemble.method() == EnsembleMethod.BOOSTING && spec.task() == Task.CLASSIFICATION
                && spec.loss() != LossType.CROSS_ENTROPY) {
            add("loss", "boosting a classifier weights each sample's cross-entropy; use loss cross_entropy");
        }
        if (spec.analysis() != null) {
            AnalysisSpec analysis = spec.analysis();
            if (analysis.biasVariance() == null && analysis.learningCurve() == null) {
                add("analysis", "give analysis.biasVariance ({\"rounds\": 10}), analysis.learningCurve "
                        + "({\"fractions\": [0.1, 0.25, 0.5, 1.0]}) or both");
            }
            if (analysis.biasVariance() != null) {
                intRange("analysis.biasVariance.rounds", analysis.biasVariance().rounds(), 2, 100);
            }
            if (analysis.learningCurve() != null) {
                checkLearningCurve(analysis.learningCurve());
            }
        }
        CheckpointSpec checkpoint = spec.checkpoint();
        intRange("checkpoint.everyEpochs", checkpoint.everyEpochs(), 1, 10000);
        intRange("checkpoint.keepLast", checkpoint.keepLast(), 0, 100);
        intRange("priority", spec.priority(), -1000, 1000);
    }

    private void checkLearningCurve(LearningCurveSpec curve) {
        List<Double> fractions = curve.fractions();
        if (fractions.isEmpty() || fractions.size() > LearningCurveSpec.MAX_FRACTIONS) {
            add("analysis.learningCurve.fractions", "give 1 to " + LearningCurveSpec.MAX_FRACTIONS
                    + " shares of the training split, like [0.1, 0.25, 0.5, 1.0]; was " + fractions.size());
        }
        for (int i = 0; i < fractions.size(); i++) {
            Double share = fractions.get(i);
            String field = "analysis.learningCurve.fractions[" + i + "]";
            if (share == null || share.isNaN() || share <= 0 || share > 1) {
                add(field, "must be a share of the training split greater than 0 and at most 1, was " + share);
            } else if (i > 0 && fractions.get(i - 1) != null && share <= fractions.get(i - 1)) {
                add(field, "must be larger than the share before it (" + fractions.get(i - 1)
                        + "): list the shares in ascending order, each once");
            }
        }
        intRange("analysis.learningCurve.repeats", curve.repeats(), 1, LearningCurveSpec.MAX_REPEATS);
    }

    /** Whether the value is in range; adds the problem when it is not. */
    private boolean range(String field, Double value, double min, double max) {
        if (value == null || value.isNaN() || value < min || value > max) {
            add(field, "must be between " + min + " and " + max + (value == null ? "" : ", was " + value));
            return false;
        }
        return true;
    }

    private void positive(String field, Double value) {
        if (!validPositive(value)) {
            add(field, "must be a positive number" + (value == null ? "" : ", was " + value));
        }
    }

    private static boolean validPositive(Double value) {
        return value != null && !value.isNaN() && !value.isInfinite() && value > 0;
    }

    private void intRange(String field, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            add(field, "must be between " + min + " and " + max + (value == null ? "" : ", was " + value));
        }
    }

    private void add(String field, String message) {
        violations.add(new SpecViolation(field, message));
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase();
    }
}
