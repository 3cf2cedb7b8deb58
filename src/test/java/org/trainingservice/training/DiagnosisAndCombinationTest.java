package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The diagnosis's thresholds, the fold statistics and the ensembles' combinations, on numbers worked out by hand. */
class DiagnosisAndCombinationTest {

    private static Map<String, Double> classification(double loss, double accuracy) {
        return Map.of("loss", loss, "accuracy", accuracy);
    }

    private static Map<String, Double> regression(double loss, double r2) {
        return Map.of("loss", loss, "r2", r2);
    }

    @Test
    void classificationDiagnosisAtItsThresholds() {
        FitDiagnosis good = FitDiagnosis.of(classification(0.30, 0.90), classification(0.40, 0.85), true);
        assertThat(good.diagnosis()).isEqualTo("good_fit");
        assertThat(good.lossGap()).isCloseTo(0.10, within(1e-12));
        assertThat(good.accuracyGap()).isCloseTo(0.05, within(1e-12));
        assertThat(good.detail()).contains("0.900").contains("0.850");
        // an accuracy gap just over 0.10 is overfitting, just under is not
        assertThat(FitDiagnosis.of(classification(0.3, 0.95), classification(0.3, 0.8499), true).diagnosis()).isEqualTo("overfitting");
        assertThat(FitDiagnosis.of(classification(0.3, 0.90), classification(0.3, 0.8001), true).diagnosis()).isEqualTo("good_fit");
        // a validation loss more than 50% above the training loss and at least 0.1 above it is overfitting
        FitDiagnosis blowup = FitDiagnosis.of(classification(0.25, 0.90), classification(0.3751, 0.90), true);
        assertThat(blowup.diagnosis()).isEqualTo("overfitting");
        assertThat(blowup.detail()).contains("regularization").contains("0.375").contains("0.250");
        assertThat(FitDiagnosis.of(classification(0.25, 0.90), classification(0.375, 0.90), true).diagnosis())
                .as("exactly 50%% above").isEqualTo("good_fit");
        assertThat(FitDiagnosis.of(classification(0.10, 0.90), classification(0.19, 0.90), true).diagnosis())
                .as("80% above but under 0.1 in absolute terms").isEqualTo("good_fit");
        assertThat(FitDiagnosis.of(classification(0.10, 0.90), classification(0.2001, 0.90), true).diagnosis()).isEqualTo("overfitting");
        // training accuracy under 0.80 is underfitting, 0.80 itself is not
        FitDiagnosis under = FitDiagnosis.of(classification(0.6, 0.7999), classification(0.6, 0.79), true);
        assertThat(under.diagnosis()).isEqualTo("underfitting");
        assertThat(under.detail()).contains("bigger model").contains("0.800");
        assertThat(FitDiagnosis.of(classification(0.6, 0.80), classification(0.6, 0.79), true).diagnosis()).isEqualTo("good_fit");
        // gaps of exactly the limits (0.1 - 0 is the double 0.1 itself) are not over them
        assertThat(FitDiagnosis.of(classification(0.0, 0.95), classification(0.1, 0.95), true).diagnosis()).isEqualTo("good_fit");
        assertThat(FitDiagnosis.of(classification(0.5, 0.1), classification(0.5, 0.0), true).diagnosis()).isEqualTo("underfitting");
    }

    @Test
    void regressionDiagnosisReadsR2() {
        FitDiagnosis good = FitDiagnosis.of(regression(0.1, 0.90), regression(0.2, 0.85), false);
        assertThat(good.diagnosis()).isEqualTo("good_fit");
        assertThat(good.accuracyGap()).isNull();
        assertThat(good.lossGap()).isCloseTo(0.1, within(1e-12));
        assertThat(good.detail()).contains("R²").contains("0.900").contains("0.850");
        FitDiagnosis over = FitDiagnosis.of(regression(0.1, 0.95), regression(0.9, 0.8499), false);
        assertThat(over.diagnosis()).isEqualTo("overfitting");
        assertThat(over.detail()).contains("0.950").contains("0.850");
        assertThat(FitDiagnosis.of(regression(0.1, 0.90), regression(0.9, 0.8001), false).diagnosis()).isEqualTo("good_fit");
        FitDiagnosis under = FitDiagnosis.of(regression(0.5, 0.7999), regression(0.5, 0.75), false);
        assertThat(under.diagnosis()).isEqualTo("underfitting");
        assertThat(under.detail()).contains("0.800");
        assertThat(FitDiagnosis.of(regression(0.5, 0.80), regression(0.5, 0.75), false).diagnosis()).isEqualTo("good_fit");
        assertThat(FitDiagnosis.of(regression(0.5, 0.1), regression(0.5, 0.0), false).diagnosis()).isEqualTo("underfitting");
    }

    @Test
    void meanAndSampleStandardDeviationOfMetricMaps() {
        List<Map<String, Double>> folds = List.of(Map.of("a", 1.0, "b", 4.0), Map.of("a", 2.0, "b", 4.0),
                Map.of("a", 6.0, "b", 4.0));
        assertThat(Statistics.mean(folds)).containsEntry("a", 3.0).containsEntry("b", 4.0);
        Map<String, Double> std = Statistics.std(folds);
        assertThat(std.get("a")).isCloseTo(Math.sqrt((4 + 1 + 9) / 2.0), within(1e-12));
        assertThat(std.get("b")).isZero();
        assertThat(Statistics.std(List.of(Map.of("a", 5.0)))).containsEntry("a", 0.0);
    }

    @Test
    void softmaxAndArgmax() {
        double[] p = Ensembles.softmax(new float[]{0, (float) Math.log(3), 1000, 1000}, 2, 2);
        assertThat(p).containsExactly(new double[]{0.25, 0.75, 0.5, 0.5}, within(1e-7));
        assertThat(Ensembles.argmax(new float[]{1, 3, 2, 5, 5, 0}, 0, 3)).isEqualTo(1);
        assertThat(Ensembles.argmax(new float[]{1, 3, 2, 5, 5, 0}, 1, 3)).as("ties go to the first").isEqualTo(0);
        assertThat(Ensembles.argmax(new float[]{-1, -2, -0.5f}, 0, 3)).isEqualTo(2);
    }

    @Test
    void averageOfProbabilitiesAndOfRegressionOutputs() {
        float[] a = {0, (float) Math.log(3)}; // p = 0.25, 0.75
        float[] b = {0, 0}; // p = 0.5, 0.5
        float[] combined = Ensembles.combine(TrainedModel.Combination.AVERAGE, List.of(a, b), null, 1, 2, true);
        assertThat(combined[0]).isCloseTo((float) Math.log(0.375), within(1e-6f));
        assertThat(combined[1]).isCloseTo((float) Math.log(0.625), within(1e-6f));
        float[] mean = Ensembles.combine(TrainedModel.Combination.AVERAGE, List.of(new float[]{1, 4}, new float[]{3, -2}),
                null, 2, 1, false);
        assertThat(mean).containsExactly(2f, 1f);
        float[] single = {7, 8};
        assertThat(Ensembles.combine(TrainedModel.Combination.SINGLE, List.of(single), null, 1, 2, true)).isSameAs(single);
    }

    @Test
    void sammeVotesWithTheMembersWeightsAndAdditiveSumsWeightedOutputs() {
        // three members on two rows of three classes; row 0 votes: class 1 (w 0.5), class 2 (w 0.3), class 1 (w 0.7)
        List<float[]> members = List.of(new float[]{0, 9, 1, 5, 0, 0}, new float[]{0, 1, 9, 0, 0, 5},
                new float[]{1, 8, 0, 0, 0, 3});
        float[] votes = Ensembles.combine(TrainedModel.Combination.SAMME, members, new double[]{0.5, 0.3, 0.7}, 2, 3, true);
        double total = 1.5;
        assertThat(votes[0]).isCloseTo((float) Math.log(1e-7), within(1e-4f)); // no vote: the floor
        assertThat(votes[1]).isCloseTo((float) Math.log(1.2 / total), within(1e-6f));
        assertThat(votes[2]).isCloseTo((float) Math.log(0.3 / total), within(1e-6f));
        assertThat(votes[3]).isCloseTo((float) Math.log(0.5 / total), within(1e-6f));
        assertThat(votes[5]).isCloseTo((float) Math.log(1.0 / total), within(1e-6f));
        // members with no say at all leave every class equally likely
        float[] none = Ensembles.combine(TrainedModel.Combination.SAMME, members, new double[]{0, 0, 0}, 2, 3, true);
        assertThat(none).containsOnly((float) Math.log(1.0 / 3));
        float[] additive = Ensembles.combine(TrainedModel.Combination.ADDITIVE, List.of(new float[]{1, 2}, new float[]{10, 20}),
                new double[]{0.5, 0.1}, 2, 1, false);
        assertThat(additive).containsExactly(1.5f, 3f);
    }
}
