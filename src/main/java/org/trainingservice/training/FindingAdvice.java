package org.trainingservice.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.trainingservice.training.spec.BatchMode;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.OptimizerType;
import org.trainingservice.training.spec.RegularizationSpec;
import org.trainingservice.training.spec.ScheduleType;

/**
 * What to try, worded from the job's own spec: advice names settings the spec does not use yet, with a value that is a
 * sensible first try, and the values it does use where changing them is the point. Without a spec (a caller that has
 * none) the advice is generic.
 */
final class FindingAdvice {

    private FindingAdvice() {
    }

    /** The regularizers this spec leaves off, each with a first value to try. */
    static List<String> unusedRegularizers(JobSpec spec, boolean classification) {
        List<String> unused = new ArrayList<>();
        if (spec == null) {
            return List.of("dropout 0.2", "l2 0.0001", "input noise 0.05");
        }
        RegularizationSpec r = spec.regularization();
        boolean image = spec.model().type() == org.trainingservice.training.spec.ModelType.CNN;
        if (spec.model().dropout() == 0) {
            unused.add("dropout 0.2");
        }
        if (r.l2() == 0 && spec.optimizer().weightDecay() == 0) {
            unused.add("l2 0.0001");
        }
        if (!image && r.inputNoise() == 0 && r.augmentation().jitter() == 0) {
            unused.add("input noise 0.05");
        }
        if (image && !r.augmentation().flip() && r.augmentation().shift() == 0) {
            unused.add("augmentation (shift 2)");
        }
        if (r.mixup() == 0) {
            unused.add("mixup 0.2");
        }
        if (classification && r.labelSmoothing() == 0) {
            unused.add("label smoothing 0.1");
        }
        return unused;
    }

    static String overfitting(JobSpec spec, boolean classification, String monitor, Integer patience, int minimum,
                              int stopAt, boolean keptByEarlyStopping) {
        String stopping = keptByEarlyStopping
                ? "early stopping already kept epoch " + minimum + "'s weights"
                : patience != null
                ? "use early stopping on " + monitor + " with patience " + patience + " and restoreBest (it would have "
                        + "stopped at epoch " + stopAt + " and kept epoch " + minimum + "'s weights)"
                : "use early stopping on " + monitor + " with restoreBest";
        List<String> unused = unusedRegularizers(spec, classification);
        String regularize = unused.isEmpty()
                ? "stronger regularization than the spec has"
                : "regularization this spec does not use yet: " + String.join(", ", unused);
        return stopping + "; to generalize better, add " + regularize + "; a smaller model or more data also help";
    }

    static String undertrained(JobSpec spec, int epochs) {
        if (spec == null) {
            return "train for more epochs, or raise the learning rate or add a learning-rate schedule";
        }
        String advice = String.format(Locale.ROOT, "train for more epochs (try %d), or raise the learning rate (now %s)",
                Math.max(epochs * 2, epochs + 10), number(spec.optimizer().learningRate()));
        if (spec.optimizer().schedule().type() == ScheduleType.NONE) {
            advice += " with a schedule such as cosine decay";
        }
        if (spec.optimizer().type() == OptimizerType.SGD) {
            advice += ", or use momentum or adam";
        }
        return advice;
    }

    static String underfitting(JobSpec spec) {
        if (spec == null) {
            return "use a bigger model (more units or layers), train longer or raise the learning rate";
        }
        String advice = "use a bigger model (hidden " + spec.model().hidden() + " now: more units or layers), train "
                + "longer or raise the learning rate (now " + number(spec.optimizer().learningRate()) + ")";
        RegularizationSpec r = spec.regularization();
        List<String> used = new ArrayList<>();
        if (spec.model().dropout() > 0) {
            used.add("dropout " + number(spec.model().dropout()));
        }
        if (r.l1() > 0) {
            used.add("l1 " + number(r.l1()));
        }
        if (r.l2() > 0) {
            used.add("l2 " + number(r.l2()));
        }
        if (r.mixup() > 0) {
            used.add("mixup " + number(r.mixup()));
        }
        return used.isEmpty() ? advice : advice + "; and regularize less (" + String.join(", ", used) + ")";
    }

    static String unstable(JobSpec spec) {
        if (spec == null) {
            return "lower the learning rate, use a larger batch, or clip gradients";
        }
        String advice = "lower the learning rate (now " + number(spec.optimizer().learningRate()) + ", try a third of it)";
        if (spec.training().batchMode() != BatchMode.FULL_BATCH) {
            advice += ", use a larger batch (now " + (spec.training().batchMode() == BatchMode.STOCHASTIC ? 1
                    : spec.training().batchSize()) + ")";
        }
        if (spec.optimizer().clipGradient() == 0) {
            advice += ", clip gradients (optimizer.clipGradient 1.0)";
        }
        if (spec.optimizer().schedule().type() == ScheduleType.NONE) {
            advice += ", or let the rate decay (a cosine schedule)";
        }
        return advice;
    }

    static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
