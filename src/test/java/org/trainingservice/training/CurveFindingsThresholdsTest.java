package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;

/**
 * Each threshold of {@link CurveFindings} exactly at its value and just beyond it. The curves are chosen so that the
 * double arithmetic lands on the constant itself (0.5 * 0.95 is 0.475; (0.2464 - 0.224) / 0.224 is 0.1): a boundary
 * written with values that miss it by one ulp would test nothing.
 */
class CurveFindingsThresholdsTest {

    private static final double[] FALLING = {1.0, 0.8, 0.6, 0.5, 0.4};

    private static MetricHistory history(String name, double[] values, String other, double[] otherValues) {
        List<MetricHistory.Epoch> epochs = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(name, values[i]);
            m.put(other, otherValues[i]);
            epochs.add(new MetricHistory.Epoch(i + 1, m));
        }
        return new MetricHistory(epochs);
    }

    private static CurveFindings losses(double[] trainLoss, double[] valLoss) {
        return new CurveFindings(history("train_loss", trainLoss, "val_loss", valLoss), null, true, null, Map.of(), 1);
    }

    @Test
    void anOnsetNeedsTwoEpochsAfterTheMinimumNotOne() {
        Finding twoAfter = losses(new double[]{0.6, 0.5, 0.4, 0.3, 0.2}, new double[]{0.5, 0.3, 0.25, 0.27, 0.30})
                .overfittingOnset();
        assertThat(twoAfter).isNotNull();
        assertThat(twoAfter.epoch()).isEqualTo(3);
        assertThat(losses(new double[]{0.6, 0.5, 0.4, 0.3, 0.2}, new double[]{0.5, 0.4, 0.3, 0.25, 0.30})
                .overfittingOnset()).isNull();
    }

    @Test
    void trainingLossMustFallAFullFivePercentAfterTheValidationMinimum() {
        double[] val = {0.55, 0.40, 0.30, 0.25, 0.27, 0.30, 0.33};
        Finding atFivePercent = losses(new double[]{0.8, 0.7, 0.6, 0.5, 0.49, 0.48, 0.475}, val).overfittingOnset();
        assertThat(atFivePercent).isNotNull();
        assertThat(atFivePercent.evidence()).endsWith("(0.500 at epoch 4, down to 0.475 at epoch 7)");
        assertThat(losses(new double[]{0.8, 0.7, 0.6, 0.5, 0.49, 0.48, 0.476}, val).overfittingOnset()).isNull();
    }

    @Test
    void aTrainingLossWhoseLowestCameBeforeTheMinimumIsNotStillFalling() {
        // lowest at the epoch before the validation minimum, flat after it: the model is not memorizing anything new
        assertThat(losses(new double[]{0.6, 0.2, 0.3, 0.3, 0.3}, new double[]{0.5, 0.3, 0.25, 0.27, 0.30})
                .overfittingOnset()).isNull();
    }

    @Test
    void aValidationLossRiseOfExactlyTenPercentIsAnOnset() {
        double[] train = {0.6, 0.4, 0.3, 0.2, 0.1};
        Finding atTen = losses(train, new double[]{0.5, 0.3, 0.224, 0.23, 0.2464}).overfittingOnset();
        assertThat(atTen).isNotNull();
        assertThat(atTen.evidence()).startsWith("validation loss rose 10% after its minimum 0.224 at epoch 3 "
                + "(0.246 at epoch 5)");
        assertThat(losses(train, new double[]{0.5, 0.3, 0.224, 0.23, 0.2463}).overfittingOnset()).isNull();
    }

    @Test
    void aValidationLossThatReachedZeroHasRisenOnlyIfItLeftZero() {
        double[] train = {0.6, 0.4, 0.3, 0.2};
        // 0 / 0 is no rise: a perfect fit that stays perfect
        assertThat(losses(train, new double[]{0.5, 0.0, 0.0, 0.0}).overfittingOnset()).isNull();
        Finding left = losses(train, new double[]{0.5, 0.0, 0.1, 0.2}).overfittingOnset();
        assertThat(left).isNotNull();
        assertThat(left.epoch()).isEqualTo(2);
    }

    @Test
    void aScoreMonitorOnsetIsADropOfAtLeastTwoPointsFromItsBest() {
        JobSpec r2 = TestData.spec("""
                {"dataset": {"builtin": "sine"}, "regularization": {"earlyStopping": {"monitor": "val_r2"}}}""",
                Task.REGRESSION);
        double[] train = {1.0, 0.9, 0.8, 0.7, 0.6};
        // only below 0.04 can a difference of two doubles be the double 0.02 itself: an R² barely above the mean's
        Finding atTwoPoints = new CurveFindings(history("train_loss", train, "val_r2",
                new double[]{0.0, 0.02, 0.0325, 0.03, 0.0125}), r2, false, null, Map.of(), 5).overfittingOnset();
        assertThat(atTwoPoints).isNotNull();
        assertThat(atTwoPoints.epoch()).isEqualTo(3);
        assertThat(atTwoPoints.evidence()).isEqualTo("validation R² fell by 0.020 after its best 0.033 at epoch 3 "
                + "(0.013 at epoch 5) while training loss kept falling (0.800 at epoch 3, down to 0.600 at epoch 5)");
        assertThat(new CurveFindings(history("train_loss", train, "val_r2", new double[]{0.0, 0.02, 0.0325, 0.03,
                0.0126}), r2, false, null, Map.of(), 5).overfittingOnset()).isNull();
    }

    @Test
    void stillImprovingNeedsTenPercentOfTheRunsImprovementOnTrainingLoss() {
        assertThat(losses(new double[]{1.0, 0.7, 0.46, 0.45, 0.40}, FALLING).undertrained()).isNotNull();
        assertThat(losses(new double[]{1.0, 0.7, 0.46, 0.45, 0.401}, FALLING).undertrained()).isNull();
    }

    @Test
    void stillImprovingNeedsTenPercentOfTheRunsImprovementOnValidationLoss() {
        assertThat(losses(FALLING, new double[]{1.0, 0.7, 0.46, 0.45, 0.40}).undertrained()).isNotNull();
        assertThat(losses(FALLING, new double[]{1.0, 0.7, 0.46, 0.45, 0.401}).undertrained()).isNull();
    }

    @Test
    void stillImprovingNeedsTwoPercentOfTheTrainingLossItself() {
        // 0.605 - 0.5929 is 2% of 0.605 exactly; the share of the run's improvement is above 20% either way
        Finding atTwo = losses(new double[]{0.65, 0.63, 0.605, 0.60, 0.5929}, FALLING).undertrained();
        assertThat(atTwo).isNotNull();
        assertThat(atTwo.epoch()).isEqualTo(5);
        assertThat(losses(new double[]{0.65, 0.63, 0.605, 0.60, 0.593}, FALLING).undertrained()).isNull();
    }

    @Test
    void stillImprovingNeedsTwoPercentOfTheValidationLossItself() {
        assertThat(losses(FALLING, new double[]{0.65, 0.63, 0.605, 0.60, 0.5929}).undertrained()).isNotNull();
        assertThat(losses(FALLING, new double[]{0.65, 0.63, 0.605, 0.60, 0.593}).undertrained()).isNull();
    }

    @Test
    void threeEpochsAreEnoughToBeUndertrainedTwoAreNot() {
        Finding three = losses(new double[]{0.7, 0.5, 0.3}, new double[]{0.7, 0.5, 0.3}).undertrained();
        assertThat(three).isNotNull();
        assertThat(three.evidence()).startsWith("in the last 2 epochs (2 to 3)");
        assertThat(losses(new double[]{0.7, 0.5}, new double[]{0.7, 0.5}).undertrained()).isNull();
    }

    @Test
    void theLowestOfARangeIsItsFirstOnTies() {
        assertThat(CurveFindings.lowest(new double[]{0.3, 0.1, 0.2, 0.1}, 0, 3)).isEqualTo(1);
        assertThat(CurveFindings.lowest(new double[]{0.3, 0.1, 0.2, 0.1}, 2, 3)).isEqualTo(3);
        assertThat(CurveFindings.lowest(new double[]{0.3, 0.1, 0.2, 0.1}, 2, 2)).isEqualTo(2);
    }

    /** Regression baselines: the training mean's R² on training rows is 0 by definition, so R² - 0 is exact. */
    private static Finding underfitting(double modelR2, double neighboursR2, boolean stillImproving) {
        Map<String, Double> mean = Map.of("r2", 0.0);
        Map<String, Double> knn = Map.of("r2", neighboursR2);
        Baselines b = new Baselines(null, mean, knn, 7, 300, Map.of("train", new Baselines.OnSplit(null, mean, null),
                "validation", new Baselines.OnSplit(null, mean, knn)));
        MetricHistory h = history("train_loss", new double[]{0.9, 0.8, 0.79}, "val_loss", new double[]{0.9, 0.8, 0.8});
        return new CurveFindings(h, null, false, b, Map.of("r2", modelR2), 2).underfitting(stillImproving);
    }

    @Test
    void noBetterThanTheMeanMeansWithinTwoPointsOfItWhileNeighboursReachFivePointsMore() {
        Finding atBoth = underfitting(0.02, 0.05, true);
        assertThat(atBoth).isNotNull();
        assertThat(atBoth.epoch()).as("the history's last epoch").isEqualTo(3);
        assertThat(atBoth.evidence()).isEqualTo("training R² 0.020 is no better than always predicting the training "
                + "mean (0.000), while 7-nearest neighbours reach 0.050 on the validation split");
        // still improving: only the no-better-than-trivial case is judged, and each of these misses it
        assertThat(underfitting(0.021, 0.05, true)).isNull();
        assertThat(underfitting(0.02, 0.049, true)).isNull();
    }

    @Test
    void aLevelledModelUnderfitsFromFivePointsBelowTheNeighbours() {
        Finding atFive = underfitting(0.05, 0.1, false);
        assertThat(atFive).isNotNull();
        assertThat(atFive.evidence()).isEqualTo("training R² levelled off at 0.050, 0.050 below the 0.100 that "
                + "7-nearest neighbours reach on the validation split (always predicting the training mean: 0.000)");
        assertThat(underfitting(0.05, 0.099, false)).isNull();
        assertThat(underfitting(0.05, 0.1, true)).as("still improving: more epochs come first").isNull();
    }

    @Test
    void whereNeighboursDoNoBetterThanTheMajorityClassNothingIsUnderfit() {
        // the data holds nothing to learn: a model at the majority class's score is not too weak
        Map<String, Double> majority = Map.of("accuracy", 0.5);
        Map<String, Double> knn = Map.of("accuracy", 0.52);
        Baselines b = new Baselines(majority, null, knn, 5, 300, Map.of("train", new Baselines.OnSplit(majority, null,
                null), "validation", new Baselines.OnSplit(majority, null, knn)));
        MetricHistory h = history("train_loss", new double[]{0.7, 0.69, 0.69}, "val_loss", new double[]{0.7, 0.7, 0.7});
        assertThat(new CurveFindings(h, null, true, b, Map.of("accuracy", 0.5), 2).underfitting(false)).isNull();
    }

    @Test
    void withoutAHistoryTheUnderfittingFindingNamesTheBestEpoch() {
        Map<String, Double> mean = Map.of("r2", 0.0);
        Map<String, Double> knn = Map.of("r2", 0.9);
        Baselines b = new Baselines(null, mean, knn, 7, 300, Map.of("train", new Baselines.OnSplit(null, mean, null),
                "validation", new Baselines.OnSplit(null, mean, knn)));
        Finding f = new CurveFindings(MetricHistory.EMPTY, null, false, b, Map.of("r2", 0.3), 12).underfitting(false);
        assertThat(f.kind()).isEqualTo(Finding.Kind.UNDERFITTING);
        assertThat(f.epoch()).isEqualTo(12);
    }
}
