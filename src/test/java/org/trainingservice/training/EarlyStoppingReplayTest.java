package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Early stopping replayed on recorded curves: ties, both directions, and which patience the advice names. */
class EarlyStoppingReplayTest {

    @Test
    void theBestIndexIsTheFirstOnTiesInBothDirections() {
        assertThat(EarlyStoppingReplay.bestIndex(new double[]{0.5, 0.3, 0.3, 0.4}, false)).isEqualTo(1);
        assertThat(EarlyStoppingReplay.bestIndex(new double[]{0.3, 0.5, 0.5, 0.4}, true)).isEqualTo(1);
        assertThat(EarlyStoppingReplay.bestIndex(new double[]{0.3, 0.5, 0.5, 0.4}, false)).isEqualTo(0);
    }

    @Test
    void aTieIsNoImprovementSoItCountsTowardsThePatience() {
        // a value equal to the best does not reset the count: patience 2 stops two epochs after index 1
        assertThat(EarlyStoppingReplay.keptBy(new double[]{0.5, 0.4, 0.4, 0.4, 0.3}, false, 2)).isEqualTo(1);
        assertThat(EarlyStoppingReplay.keptBy(new double[]{0.5, 0.6, 0.6, 0.6, 0.7}, true, 2)).isEqualTo(1);
    }

    @Test
    void aScoreIsKeptAtItsHighestALossAtItsLowest() {
        double[] accuracy = {0.6, 0.7, 0.8, 0.75, 0.74, 0.73};
        assertThat(EarlyStoppingReplay.keptBy(accuracy, true, 2)).isEqualTo(2);
        // read as a loss the same curve got worse after its first epoch
        assertThat(EarlyStoppingReplay.keptBy(accuracy, false, 2)).isEqualTo(0);
        assertThat(EarlyStoppingReplay.keptBy(accuracy, true, 4)).as("would run past the end").isEqualTo(-1);
        assertThat(EarlyStoppingReplay.patienceCatching(accuracy, true, 2)).isEqualTo(3);
    }

    @Test
    void thePatienceAdvisedIsThreeEvenWhereOneWouldDo() {
        // 1 or 2 would also keep index 1 here, but on a noisier curve they stop on the first wobble
        double[] v = {0.5, 0.4, 0.45, 0.46, 0.47};
        assertThat(EarlyStoppingReplay.keptBy(v, false, 1)).isEqualTo(1);
        assertThat(EarlyStoppingReplay.patienceCatching(v, false, 1)).isEqualTo(EarlyStoppingReplay.ADVISED_MIN_PATIENCE);
    }

    @Test
    void belowThreeTheSmallestPatienceThatStillStopsWithinTheRunIsAdvised() {
        // the minimum at index 2 leaves two epochs: patience 1 stops at the first rise (index 1), 2 catches it
        double[] v = {0.5, 0.6, 0.4, 0.45, 0.5};
        assertThat(EarlyStoppingReplay.keptBy(v, false, 1)).isEqualTo(0);
        assertThat(EarlyStoppingReplay.keptBy(v, false, 2)).isEqualTo(2);
        assertThat(EarlyStoppingReplay.patienceCatching(v, false, 2)).isEqualTo(2);
    }

    @Test
    void noPatienceCatchesAMinimumBehindAWorseStretchLongerThanTheEpochsAfterIt() {
        // two worse epochs before the minimum, one after it: a patience short enough to stop in time stops before it
        double[] v = {0.5, 0.6, 0.7, 0.4, 0.45};
        assertThat(EarlyStoppingReplay.patienceCatching(v, false, 3)).isNull();
        assertThat(EarlyStoppingReplay.patienceCatching(new double[]{0.5, 0.4}, false, 1)).as("nothing after it")
                .isNull();
    }
}
