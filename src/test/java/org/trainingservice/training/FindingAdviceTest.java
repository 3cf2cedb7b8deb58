package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;

/** The advice texts, worded from the spec: each setting it names or leaves out, and the generic advice without one. */
class FindingAdviceTest {

    private static JobSpec spec(String fields) {
        return TestData.spec("{\"dataset\": {\"builtin\": \"moons\"}, " + fields + "}", Task.CLASSIFICATION);
    }

    private static final JobSpec PLAIN = spec("""
            "model": {"hidden": [32, 32]}, "optimizer": {"type": "adam", "learningRate": 0.01}""");

    private static final String NONE_USED = "dropout 0.2, l2 0.0001, input noise 0.05, mixup 0.2, label smoothing 0.1";

    @Test
    void unusedRegularizersAreThoseTheSpecLeavesAtZero() {
        assertThat(FindingAdvice.unusedRegularizers(PLAIN, true)).containsExactly("dropout 0.2", "l2 0.0001",
                "input noise 0.05", "mixup 0.2", "label smoothing 0.1");
        // label smoothing is for classes only
        assertThat(FindingAdvice.unusedRegularizers(PLAIN, false)).containsExactly("dropout 0.2", "l2 0.0001",
                "input noise 0.05", "mixup 0.2");
        // weight decay is L2 by another name, jitter is input noise by another name
        assertThat(FindingAdvice.unusedRegularizers(spec("""
                "optimizer": {"type": "adamw", "weightDecay": 0.01},
                "regularization": {"augmentation": {"jitter": 0.1}}"""), true))
                .containsExactly("dropout 0.2", "mixup 0.2", "label smoothing 0.1");
        assertThat(FindingAdvice.unusedRegularizers(null, true)).containsExactly("dropout 0.2", "l2 0.0001",
                "input noise 0.05");
    }

    @Test
    void anImageModelIsAdvisedAugmentationInsteadOfInputNoise() {
        assertThat(FindingAdvice.unusedRegularizers(spec("\"model\": {\"type\": \"cnn\"}"), true))
                .containsExactly("dropout 0.2", "l2 0.0001", "augmentation (shift 2)", "mixup 0.2", "label smoothing 0.1");
        assertThat(FindingAdvice.unusedRegularizers(spec("""
                "model": {"type": "cnn"}, "regularization": {"augmentation": {"flip": true}}"""), true))
                .doesNotContain("augmentation (shift 2)").contains("mixup 0.2");
        assertThat(FindingAdvice.unusedRegularizers(spec("""
                "model": {"type": "cnn"}, "regularization": {"augmentation": {"shift": 1}}"""), true))
                .doesNotContain("augmentation (shift 2)").contains("mixup 0.2");
    }

    @Test
    void overfittingAdviceSaysWhatEarlyStoppingDidOrWouldHaveDone() {
        String regularize = "; to generalize better, add regularization this spec does not use yet: " + NONE_USED
                + "; a smaller model or more data also help";
        assertThat(FindingAdvice.overfitting(PLAIN, true, "val_loss", 3, 4, 7, true))
                .isEqualTo("early stopping already kept epoch 4's weights" + regularize);
        assertThat(FindingAdvice.overfitting(PLAIN, true, "val_accuracy", 3, 4, 7, false))
                .isEqualTo("use early stopping on val_accuracy with patience 3 and restoreBest (it would have stopped "
                        + "at epoch 7 and kept epoch 4's weights)" + regularize);
        assertThat(FindingAdvice.overfitting(PLAIN, true, "val_loss", null, 4, 9, false))
                .isEqualTo("use early stopping on val_loss with restoreBest" + regularize);
    }

    @Test
    void aSpecUsingEveryRegularizerIsAdvisedStrongerOnes() {
        JobSpec all = spec("""
                "model": {"dropout": 0.2}, "regularization": {"l2": 0.001, "inputNoise": 0.05, "mixup": 0.2,
                 "labelSmoothing": 0.1}""");
        assertThat(FindingAdvice.unusedRegularizers(all, true)).isEmpty();
        assertThat(FindingAdvice.overfitting(all, true, "val_loss", null, 4, 9, false)).isEqualTo("use early stopping "
                + "on val_loss with restoreBest; to generalize better, add stronger regularization than the spec has; "
                + "a smaller model or more data also help");
    }

    @Test
    void undertrainedAdviceDoublesTheEpochsOrAddsTenAndNamesTheRate() {
        assertThat(FindingAdvice.undertrained(null, 5)).isEqualTo("train for more epochs, or raise the learning rate "
                + "or add a learning-rate schedule");
        JobSpec sgd = spec("\"optimizer\": {\"type\": \"sgd\", \"learningRate\": 0.1}");
        assertThat(FindingAdvice.undertrained(sgd, 20)).isEqualTo("train for more epochs (try 40), or raise the "
                + "learning rate (now 0.1) with a schedule such as cosine decay, or use momentum or adam");
        // 5 epochs: 10 more is more than twice; at 10 both are 20
        JobSpec scheduled = spec("\"optimizer\": {\"type\": \"adam\", \"learningRate\": 0.003, \"schedule\": "
                + "{\"type\": \"cosine\"}}");
        assertThat(FindingAdvice.undertrained(scheduled, 5)).isEqualTo("train for more epochs (try 15), or raise the "
                + "learning rate (now 0.003)");
        assertThat(FindingAdvice.undertrained(scheduled, 10)).startsWith("train for more epochs (try 20)");
    }

    @Test
    void underfittingAdviceNamesTheModelAndTheRegularizersToLoosen() {
        assertThat(FindingAdvice.underfitting(null)).isEqualTo("use a bigger model (more units or layers), train "
                + "longer or raise the learning rate");
        String bigger = "use a bigger model (hidden [32, 32] now: more units or layers), train longer or raise the "
                + "learning rate (now 0.01)";
        assertThat(FindingAdvice.underfitting(PLAIN)).isEqualTo(bigger);
        JobSpec regularized = spec("""
                "model": {"hidden": [32, 32], "dropout": 0.3}, "optimizer": {"type": "adam", "learningRate": 0.01},
                "regularization": {"l1": 0.001, "l2": 0.01, "mixup": 0.2, "inputNoise": 0.1}""");
        assertThat(FindingAdvice.underfitting(regularized))
                .isEqualTo(bigger + "; and regularize less (dropout 0.3, l1 0.001, l2 0.01, mixup 0.2)");
        JobSpec l1Only = spec("""
                "model": {"hidden": [32, 32]}, "optimizer": {"type": "adam", "learningRate": 0.01},
                "regularization": {"l1": 0.0001}""");
        assertThat(FindingAdvice.underfitting(l1Only)).isEqualTo(bigger + "; and regularize less (l1 0.0001)");
    }

    @Test
    void unstableAdviceLeavesOutWhatTheSpecAlreadyDoes() {
        assertThat(FindingAdvice.unstable(null)).isEqualTo("lower the learning rate, use a larger batch, or clip "
                + "gradients");
        assertThat(FindingAdvice.unstable(PLAIN)).isEqualTo("lower the learning rate (now 0.01, try a third of it), "
                + "use a larger batch (now 32), clip gradients (optimizer.clipGradient 1.0), or let the rate decay "
                + "(a cosine schedule)");
        assertThat(FindingAdvice.unstable(spec("""
                "optimizer": {"learningRate": 0.003, "clipGradient": 1.0, "schedule": {"type": "cosine"}},
                "training": {"batchMode": "full_batch"}"""))).isEqualTo("lower the learning rate (now 0.003, try a "
                + "third of it)");
        assertThat(FindingAdvice.unstable(spec("""
                "optimizer": {"learningRate": 0.05, "clipGradient": 1.0, "schedule": {"type": "step"}},
                "training": {"batchMode": "stochastic"}"""))).isEqualTo("lower the learning rate (now 0.05, try a "
                + "third of it), use a larger batch (now 1)");
    }

    @Test
    void numbersAreWrittenAsTheSpecWouldHoldThem() {
        assertThat(FindingAdvice.number(0.0001)).isEqualTo("0.0001");
        assertThat(FindingAdvice.number(0.00001)).isEqualTo("0.00001");
        assertThat(FindingAdvice.number(2.0)).isEqualTo("2");
        assertThat(FindingAdvice.number(0.30)).isEqualTo("0.3");
    }
}
