package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fold statistics and the ensembles' combinations, on numbers worked out by hand. (The diagnosis's thresholds are
 * CurveFindingsTest's.)
 */
class CombinationTest {

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
