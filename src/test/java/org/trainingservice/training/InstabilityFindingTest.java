package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code unstable} finding's thresholds, each exactly at its value and just short of it. The curves use values
 * whose differences are exact in double arithmetic (ranges of 1.0, 0.5 or 8.0, rises such as 1.7 - 0.5 = 1.2 = 15% of
 * 8), so that "at the threshold" is what the code compares.
 */
class InstabilityFindingTest {

    private static Finding read(double... trainLoss) {
        List<MetricHistory.Epoch> epochs = new ArrayList<>();
        for (int i = 0; i < trainLoss.length; i++) {
            epochs.add(new MetricHistory.Epoch(i + 1, Map.of("train_loss", trainLoss[i])));
        }
        return InstabilityFinding.read(new MetricHistory(epochs), null);
    }

    @Test
    void threeEpochsAreEnoughToSeeASpikeTwoAreNot() {
        // the spike is the last epoch: nothing after it is read
        Finding spike = read(1.0, 0.3, 0.9);
        assertThat(spike.kind()).isEqualTo(Finding.Kind.UNSTABLE);
        assertThat(spike.epoch()).isEqualTo(3);
        assertThat(spike.advice()).isEqualTo("lower the learning rate, use a larger batch, or clip gradients");
        assertThat(read(0.3, 0.9)).isNull();
    }

    @Test
    void aCurveWithoutRangeIsNeverUnstable() {
        // a training loss of exactly 0 throughout: every "rise" of 0 would be 15% of a range of 0
        assertThat(read(0.0, 0.0, 0.0)).isNull();
        assertThat(read(0.4, 0.4, 0.4, 0.4)).isNull();
    }

    @Test
    void aSingleRiseOfThirtyPercentOfTheRangeIsASpike() {
        // range 1.125 - 0.125 = 1; 0.425 - 0.125 = 0.3 exactly
        Finding spike = read(1.125, 0.125, 0.425, 0.2, 0.125);
        assertThat(spike).isNotNull();
        assertThat(spike.epoch()).isEqualTo(3);
        assertThat(spike.evidence()).isEqualTo("training loss jumped from 0.125 at epoch 2 to 0.425 at epoch 3, 30% of "
                + "its whole range (0.125 to 1.125); it rose by 15% of the range or more 1 times in 5 epochs");
        assertThat(read(1.125, 0.125, 0.42, 0.2, 0.125)).isNull();
    }

    @Test
    void theSpikeShareIsOfTheRangeWhateverItsSize() {
        // range 0.5: a rise of 0.2 is 40% of it, one of 0.1 is 20% (an oscillation needs three of those)
        Finding spike = read(0.75, 0.25, 0.45, 0.3, 0.25);
        assertThat(spike).isNotNull();
        assertThat(spike.epoch()).isEqualTo(3);
        assertThat(read(0.75, 0.25, 0.35, 0.3, 0.25)).isNull();
    }

    @Test
    void threeRisesOfFifteenPercentOfTheRangeAreAnOscillationAtTheFirstOfTheLargest() {
        // range 8.5 - 0.5 = 8; each rise 1.7 - 0.5 = 1.2 is 15% of it exactly, and none is a spike
        Finding oscillation = read(8.5, 0.5, 1.7, 0.5, 1.7, 0.5, 1.7, 0.5);
        assertThat(oscillation).isNotNull();
        assertThat(oscillation.epoch()).isEqualTo(3);
        assertThat(oscillation.evidence()).isEqualTo("training loss jumped from 0.500 at epoch 2 to 1.700 at epoch 3, "
                + "15% of its whole range (0.500 to 8.500); it rose by 15% of the range or more 3 times in 8 epochs");
        assertThat(read(8.5, 0.5, 1.69, 0.5, 1.69, 0.5, 1.69, 0.5)).as("rises just under 15%").isNull();
        assertThat(read(8.5, 0.5, 1.7, 0.5, 1.7, 0.5, 0.5, 0.5)).as("two rises only").isNull();
    }

    @Test
    void anOscillationIsReportedAtItsLargestRise() {
        // rises 1.2, 1.5, 1.3; the largest is followed by a small fall, the others by large ones
        Finding oscillation = read(8.5, 0.5, 1.7, 0.6, 2.1, 1.9, 0.5, 1.8, 0.5);
        assertThat(oscillation).isNotNull();
        assertThat(oscillation.epoch()).isEqualTo(5);
        assertThat(oscillation.evidence()).startsWith("training loss jumped from 0.600 at epoch 4 to 2.100 at epoch 5, "
                + "19% of its whole range (0.500 to 8.500); it rose by 15% of the range or more 3 times in 9 epochs");
    }

    @Test
    void aRiseCountsOnlyIfItIsFivePercentOfTheLossItself() {
        // on a flat curve the range is the rise itself: 0.2646 - 0.252 is 5% of 0.252 exactly
        Finding atFive = read(0.252, 0.252, 0.2646, 0.252, 0.252);
        assertThat(atFive).isNotNull();
        assertThat(atFive.epoch()).isEqualTo(3);
        assertThat(read(0.252, 0.252, 0.2645, 0.252, 0.252)).isNull();
        // 1% wobbles of a loss near 5: large against their range, small against the loss
        assertThat(read(5.0, 5.05, 5.0, 5.05, 5.0, 5.05, 5.0)).isNull();
    }

    @Test
    void endingFiftyPercentAboveTheLowestIsUnstableAtTheLowest() {
        // a slow climb: no single rise is 15% of the range 1.0
        Finding ended = read(1.25, 0.5, 0.25, 0.3, 0.34, 0.375);
        assertThat(ended).isNotNull();
        assertThat(ended.epoch()).isEqualTo(3);
        assertThat(ended.evidence()).isEqualTo("training loss ended at 0.375 (epoch 6), 50% above its lowest 0.250 at "
                + "epoch 3: the steps were too large for it to settle");
        assertThat(read(1.25, 0.5, 0.25, 0.3, 0.34, 0.37)).isNull();
    }

    @Test
    void endingAboveTheLowestMustAlsoBeFivePercentOfTheRange() {
        // a tiny lowest (0.0625) makes 50% of it easy; the range 2.0625 - 0.0625 = 2 asks for 0.1 above it
        Finding ended = read(2.0625, 1.0, 0.5, 0.0625, 0.1, 0.1625);
        assertThat(ended).isNotNull();
        assertThat(ended.epoch()).isEqualTo(4);
        assertThat(read(2.0625, 1.0, 0.5, 0.0625, 0.1, 0.16)).isNull();
    }
}
