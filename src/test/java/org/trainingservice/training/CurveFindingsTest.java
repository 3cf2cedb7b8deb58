package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;

/** The reading of hand-made curves: exact epochs, exact numbers, and the boundaries of every threshold. */
class CurveFindingsTest {

    private static final JobSpec PLAIN = TestData.spec("""
            {"dataset": {"builtin": "moons"}, "model": {"hidden": [32, 32]},
             "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 7}}""", Task.CLASSIFICATION);

    private static MetricHistory history(double[] trainLoss, double[] valLoss) {
        List<MetricHistory.Epoch> epochs = new ArrayList<>();
        for (int i = 0; i < trainLoss.length; i++) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("train_loss", trainLoss[i]);
            if (valLoss != null) {
                m.put("val_loss", valLoss[i]);
            }
            epochs.add(new MetricHistory.Epoch(i + 1, m));
        }
        return new MetricHistory(epochs);
    }

    private static List<Finding> read(MetricHistory h, JobSpec spec, Baselines baselines, double trainAccuracy) {
        return new CurveFindings(h, spec, true, baselines, Map.of("loss", 0.1, "accuracy", trainAccuracy), 1).read();
    }

    private static List<Finding.Kind> kinds(List<Finding> findings) {
        return findings.stream().map(Finding::kind).toList();
    }

    /** Baselines whose majority class reaches {@code trivial} on training rows and k-NN {@code knn} on validation. */
    private static Baselines baselines(double trivial, double knn) {
        Map<String, Double> majority = Map.of("loss", 0.69, "accuracy", trivial);
        Map<String, Double> neighbours = Map.of("accuracy", knn);
        return new Baselines(majority, null, neighbours, 5, 600, Map.of(
                "train", new Baselines.OnSplit(majority, null, null),
                "validation", new Baselines.OnSplit(majority, null, neighbours)));
    }

    @Test
    void anOnsetIsFoundAtTheValidationMinimumWithItsNumbersAndAPatienceThatCatchesIt() {
        MetricHistory h = history(new double[]{0.60, 0.40, 0.30, 0.22, 0.18, 0.15, 0.12},
                new double[]{0.55, 0.40, 0.30, 0.25, 0.27, 0.30, 0.33});
        List<Finding> findings = read(h, PLAIN, null, 0.95);
        assertThat(kinds(findings)).containsExactly(Finding.Kind.OVERFITTING_ONSET);
        Finding onset = findings.get(0);
        assertThat(onset.epoch()).isEqualTo(4);
        // (0.33 - 0.25) / 0.25 = 32%
        assertThat(onset.evidence()).isEqualTo("validation loss rose 32% after its minimum 0.250 at epoch 4 "
                + "(0.330 at epoch 7) while training loss kept falling (0.220 at epoch 4, down to 0.120 at epoch 7)");
        // patience 3 stops at epoch 7 and keeps epoch 4; the spec uses none of the regularizers
        assertThat(onset.advice()).contains("patience 3", "stopped at epoch 7", "kept epoch 4's weights",
                "dropout 0.2", "l2 0.0001", "input noise 0.05", "mixup 0.2", "label smoothing 0.1");
        FitDiagnosis d = FitDiagnosis.read(h, Map.of("train", Map.of("loss", 0.12, "accuracy", 0.97),
                "validation", Map.of("loss", 0.33, "accuracy", 0.9)), PLAIN, null, true, 4);
        assertThat(d.diagnosis()).isEqualTo("overfitting");
        assertThat(d.detail()).isEqualTo(onset.sentence()).startsWith("Validation loss rose 32%");
        assertThat(d.lossGap()).isEqualTo(0.33 - 0.12);
    }

    @Test
    void theAdviceLeavesOutRegularizersTheSpecAlreadyUses() {
        JobSpec regularized = TestData.spec("""
                {"dataset": {"builtin": "moons"}, "model": {"dropout": 0.3}, "regularization": {"l2": 0.001,
                 "mixup": 0.2}}""", Task.CLASSIFICATION);
        MetricHistory h = history(new double[]{0.60, 0.40, 0.30, 0.22, 0.18, 0.15, 0.12},
                new double[]{0.55, 0.40, 0.30, 0.25, 0.27, 0.30, 0.33});
        String advice = read(h, regularized, null, 0.95).get(0).advice();
        assertThat(advice).contains("input noise 0.05", "label smoothing 0.1").doesNotContain("dropout", "l2", "mixup");
    }

    @Test
    void aRiseBelowTenPercentOrOneWithTrainingLossNotFallingIsNoOnset() {
        // +8% only
        MetricHistory small = history(new double[]{0.60, 0.40, 0.30, 0.22, 0.18, 0.15, 0.12},
                new double[]{0.55, 0.40, 0.30, 0.25, 0.26, 0.26, 0.27});
        assertThat(kinds(read(small, PLAIN, null, 0.95))).doesNotContain(Finding.Kind.OVERFITTING_ONSET);
        // +32%, but training loss rises as well: that is not memorizing the training rows
        MetricHistory both = history(new double[]{0.60, 0.40, 0.30, 0.22, 0.23, 0.24, 0.25},
                new double[]{0.55, 0.40, 0.30, 0.25, 0.27, 0.30, 0.33});
        assertThat(kinds(read(both, PLAIN, null, 0.95))).doesNotContain(Finding.Kind.OVERFITTING_ONSET);
        // a minimum one epoch before the end is not yet a trend
        MetricHistory late = history(new double[]{0.60, 0.40, 0.30, 0.22, 0.18, 0.15, 0.12},
                new double[]{0.55, 0.40, 0.30, 0.28, 0.27, 0.25, 0.33});
        assertThat(kinds(read(late, PLAIN, null, 0.95))).doesNotContain(Finding.Kind.OVERFITTING_ONSET);
    }

    @Test
    void earlyStoppingThatKeptTheMinimumIsSaidSo() {
        JobSpec stopping = TestData.spec("""
                {"dataset": {"builtin": "moons"}, "regularization": {"earlyStopping": {"patience": 3}}}""",
                Task.CLASSIFICATION);
        MetricHistory h = history(new double[]{0.60, 0.40, 0.30, 0.22, 0.18, 0.15, 0.12},
                new double[]{0.55, 0.40, 0.30, 0.25, 0.27, 0.30, 0.33});
        Finding onset = new CurveFindings(h, stopping, true, null, Map.of("accuracy", 0.95), 4).read().get(0);
        assertThat(onset.advice()).startsWith("early stopping already kept epoch 4's weights");
    }

    @Test
    void aRunStillImprovingAtTheEndIsUndertrainedWithTheTailsNumbers() {
        MetricHistory h = history(new double[]{0.70, 0.60, 0.52, 0.46, 0.41}, new double[]{0.72, 0.63, 0.56, 0.50, 0.46});
        List<Finding> findings = read(h, PLAIN, baselines(0.5, 0.95), 0.80);
        // still improving: the shortfall against k-NN is not judged yet (more epochs come first)
        assertThat(kinds(findings)).containsExactly(Finding.Kind.UNDERTRAINED);
        Finding f = findings.get(0);
        assertThat(f.epoch()).isEqualTo(5);
        // tail = last 2 epochs; training: (0.52 - 0.41) / (0.70 - 0.41) = 38%; validation: (0.56 - 0.46) / (0.72 - 0.46) = 38%
        assertThat(f.evidence()).isEqualTo("in the last 2 epochs (4 to 5) the lowest training loss fell from 0.520 "
                + "(epoch 3) to 0.410 (epoch 5) and the lowest validation loss from 0.560 (epoch 3) to 0.460 (epoch 5), "
                + "38% and 38% of the run's whole improvement: both were still improving when it ended");
        assertThat(f.advice()).contains("more epochs (try 15)", "learning rate (now 0.01)", "cosine");
        assertThat(FitDiagnosis.read(h, Map.of("train", Map.of("loss", 0.41, "accuracy", 0.8),
                "validation", Map.of("loss", 0.46, "accuracy", 0.78)), PLAIN, null, true, 5).diagnosis())
                .isEqualTo("underfitting");
    }

    @Test
    void aConvergedRunOrOneWhoseLastEpochsAreNoiseIsNotUndertrained() {
        MetricHistory converged = history(new double[]{0.70, 0.30, 0.20, 0.19, 0.188, 0.187, 0.186, 0.186},
                new double[]{0.72, 0.33, 0.24, 0.23, 0.229, 0.228, 0.228, 0.227});
        assertThat(kinds(read(converged, PLAIN, null, 0.95))).containsExactly(Finding.Kind.GOOD_FIT);
        // a flat noisy curve: the tail's gain is a large part of a tiny whole, but under 2% of the loss
        MetricHistory flat = history(new double[]{0.465, 0.462, 0.460, 0.458, 0.455, 0.454, 0.453, 0.452},
                new double[]{0.476, 0.470, 0.468, 0.467, 0.465, 0.464, 0.463, 0.462});
        assertThat(kinds(read(flat, PLAIN, null, 0.79))).doesNotContain(Finding.Kind.UNDERTRAINED);
    }

    @Test
    void aSpikeOfTrainingLossIsUnstableAtItsEpoch() {
        MetricHistory h = history(new double[]{1.00, 0.60, 0.40, 0.90, 0.35, 0.30, 0.30, 0.30},
                new double[]{1.0, 0.62, 0.42, 0.9, 0.37, 0.32, 0.32, 0.32});
        List<Finding> findings = read(h, PLAIN, null, 0.9);
        assertThat(kinds(findings)).containsExactly(Finding.Kind.UNSTABLE);
        assertThat(findings.get(0).epoch()).isEqualTo(4);
        // rise 0.5 of the range 1.0 - 0.3 = 71%
        assertThat(findings.get(0).evidence()).startsWith("training loss jumped from 0.400 at epoch 3 to 0.900 at "
                + "epoch 4, 71% of its whole range (0.300 to 1.000)");
        assertThat(findings.get(0).advice()).contains("lower the learning rate (now 0.01", "larger batch (now 32)",
                "clipGradient");
    }

    @Test
    void wobblesOfAFlatCurveOrOrdinaryMiniBatchNoiseAreNotUnstable() {
        MetricHistory flat = history(new double[]{0.6932, 0.6931, 0.6935, 0.6930, 0.6934, 0.6931},
                new double[]{0.6932, 0.6931, 0.6935, 0.6930, 0.6934, 0.6931});
        assertThat(kinds(read(flat, PLAIN, null, 0.5))).doesNotContain(Finding.Kind.UNSTABLE);
        // rises of about 10% of the range, as Adam at 0.01 shows late in a run
        MetricHistory noisy = history(new double[]{0.30, 0.20, 0.12, 0.08, 0.10, 0.07, 0.095, 0.065, 0.09, 0.06},
                new double[]{0.30, 0.21, 0.14, 0.11, 0.12, 0.11, 0.12, 0.11, 0.12, 0.11});
        assertThat(kinds(read(noisy, PLAIN, null, 0.97))).doesNotContain(Finding.Kind.UNSTABLE);
    }

    @Test
    void aRunEndingFarAboveItsLowestTrainingLossIsUnstable() {
        MetricHistory h = history(new double[]{0.20, 0.05, 0.02, 0.011, 0.015, 0.02, 0.022},
                new double[]{0.20, 0.05, 0.02, 0.011, 0.016, 0.021, 0.023});
        Finding f = read(h, PLAIN, null, 0.95).get(0);
        assertThat(f.kind()).isEqualTo(Finding.Kind.UNSTABLE);
        assertThat(f.epoch()).isEqualTo(4);
        assertThat(f.evidence()).isEqualTo("training loss ended at 0.022 (epoch 7), 100% above its lowest 0.011 at "
                + "epoch 4: the steps were too large for it to settle");
    }

    @Test
    void underfittingIsJudgedAgainstTheBaselinesNotAFixedThreshold() {
        MetricHistory levelled = history(new double[]{0.9, 0.85, 0.84, 0.838, 0.837, 0.837}, null);
        // 0.62 on training rows where 5-nearest neighbours reach 0.99 on unseen ones
        List<Finding> weak = read(levelled, PLAIN, baselines(1 / 3.0, 0.99), 0.62);
        assertThat(kinds(weak)).containsExactly(Finding.Kind.UNDERFITTING);
        assertThat(weak.get(0).evidence()).isEqualTo("training accuracy levelled off at 0.620, 0.370 below the 0.990 "
                + "that 5-nearest neighbours reach on the validation split (always predicting the majority class: 0.333)");
        assertThat(weak.get(0).advice()).contains("bigger model (hidden [32, 32] now");
        // 0.79 where neighbours reach 0.80: noisy labels, not a weak model (the old fixed 0.80 called this underfitting)
        assertThat(kinds(read(levelled, PLAIN, baselines(0.5, 0.80), 0.79))).containsExactly(Finding.Kind.GOOD_FIT);
        // the shortfall's boundary: 0.05 below is underfitting, 0.04 is not
        assertThat(kinds(read(levelled, PLAIN, baselines(0.5, 0.90), 0.85))).contains(Finding.Kind.UNDERFITTING);
        assertThat(kinds(read(levelled, PLAIN, baselines(0.5, 0.90), 0.86))).doesNotContain(Finding.Kind.UNDERFITTING);
        // no baselines, no judgement
        assertThat(kinds(read(levelled, PLAIN, null, 0.3))).containsExactly(Finding.Kind.GOOD_FIT);
    }

    @Test
    void aModelNoBetterThanTheMajorityClassUnderfitsEvenWhileStillImproving() {
        MetricHistory h = history(new double[]{0.70, 0.60, 0.52, 0.46, 0.41}, new double[]{0.72, 0.63, 0.56, 0.50, 0.46});
        List<Finding> findings = read(h, PLAIN, baselines(0.5, 0.95), 0.51);
        assertThat(kinds(findings)).containsExactly(Finding.Kind.UNDERFITTING, Finding.Kind.UNDERTRAINED);
        assertThat(findings.get(0).evidence()).isEqualTo("training accuracy 0.510 is no better than always predicting "
                + "the majority class (0.500), while 5-nearest neighbours reach 0.950 on the validation split");
    }

    @Test
    void regressionIsJudgedOnR2AgainstTheTrainingMean() {
        Map<String, Double> mean = Map.of("loss", 0.5, "rmse", 0.7, "mae", 0.6, "r2", 0.0);
        Map<String, Double> knn = Map.of("loss", 0.01, "rmse", 0.1, "mae", 0.08, "r2", 0.97);
        Baselines b = new Baselines(null, mean, knn, 9, 300, Map.of("train", new Baselines.OnSplit(null, mean, null),
                "validation", new Baselines.OnSplit(null, mean, knn)));
        MetricHistory h = history(new double[]{0.5, 0.3, 0.29, 0.289, 0.289}, new double[]{0.5, 0.31, 0.3, 0.3, 0.3});
        List<Finding> findings = new CurveFindings(h, null, false, b, Map.of("r2", 0.45), 5).read();
        assertThat(kinds(findings)).containsExactly(Finding.Kind.UNDERFITTING);
        assertThat(findings.get(0).evidence()).contains("training R² levelled off at 0.450", "always predicting the "
                + "training mean: 0.000");
    }

    @Test
    void aGoodFitNamesItsBestEpochAndItsNumbers() {
        MetricHistory h = history(new double[]{0.70, 0.30, 0.20, 0.19, 0.188, 0.187},
                new double[]{0.72, 0.33, 0.24, 0.23, 0.229, 0.2295});
        List<Finding> findings = new CurveFindings(h, PLAIN, true, baselines(0.5, 0.95), Map.of("accuracy", 0.96), 5)
                .read();
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).kind()).isEqualTo(Finding.Kind.GOOD_FIT);
        assertThat(findings.get(0).epoch()).isEqualTo(5);
        assertThat(findings.get(0).evidence()).isEqualTo("validation loss reached its minimum 0.229 at epoch 5 and "
                + "ended at 0.230, neither clearly rising nor still falling; training accuracy 0.960 against 0.950 for "
                + "5-nearest neighbours on validation");
    }

    @Test
    void replayedEarlyStoppingKeepsTheMinimumOnlyWithAPatienceLongerThanEveryEarlierPlateau() {
        // improvements at 0, 1, then a plateau of 3 (indices 2-4), a new best at 5, then worse
        double[] v = {0.5, 0.4, 0.41, 0.42, 0.43, 0.35, 0.36, 0.37, 0.38, 0.39, 0.40};
        assertThat(EarlyStoppingReplay.keptBy(v, false, 3)).isEqualTo(1); // stops at index 4, before the minimum
        assertThat(EarlyStoppingReplay.keptBy(v, false, 4)).isEqualTo(5);
        assertThat(EarlyStoppingReplay.keptBy(v, false, 6)).isEqualTo(-1); // would run past the end
        assertThat(EarlyStoppingReplay.patienceCatching(v, false, 5)).isEqualTo(4);
        assertThat(EarlyStoppingReplay.patienceCatching(new double[]{0.3, 0.2, 0.25, 0.3}, false, 1)).isEqualTo(1);
    }
}
