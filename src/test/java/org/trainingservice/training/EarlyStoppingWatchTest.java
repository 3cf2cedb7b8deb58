package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.EarlyStoppingSpec;

/** The early-stopping watch on hand-made curves: direction, minDelta, patience, restoreBest and resume. */
class EarlyStoppingWatchTest {

    /** Hands out the epoch's number as its "parameters" and records which epochs were asked for. */
    private static final class Snapshots {
        final List<Integer> taken = new ArrayList<>();
        int epoch;

        Supplier<byte[]> at(int epoch) {
            this.epoch = epoch;
            return () -> {
                taken.add(this.epoch);
                return new byte[]{(byte) this.epoch};
            };
        }
    }

    /** Feeds {@code values} as epochs 1.. until the watch says stop; returns the epochs observed. */
    private static int feed(EarlyStopping watch, Snapshots snapshots, double... values) {
        int epoch = 0;
        for (double value : values) {
            epoch++;
            watch.observe(epoch, value, snapshots.at(epoch));
            if (watch.shouldStop()) {
                break;
            }
        }
        return epoch;
    }

    @Test
    void aLossImprovesDownwardsAndAnAccuracyUpwards() {
        double[] falling = {0.9, 0.7, 0.8, 0.6, 0.65, 0.66};
        EarlyStopping loss = EarlyStopping.of(new EarlyStoppingSpec("val_loss", 2, 0.0, true));
        assertThat(feed(loss, new Snapshots(), falling)).isEqualTo(6);
        assertThat(loss.bestEpochOr(6)).isEqualTo(4);
        assertThat(loss.shouldStop()).isTrue();
        EarlyStopping accuracy = EarlyStopping.of(new EarlyStoppingSpec("val_accuracy", 2, 0.0, true));
        assertThat(feed(accuracy, new Snapshots(), falling)).isEqualTo(3);
        assertThat(accuracy.bestEpochOr(3)).isEqualTo(1);
        assertThat(accuracy.lastValue()).isEqualTo(0.8);
    }

    @Test
    void minDeltaAndPatience() {
        double[] creeping = {1.0, 0.95, 0.91, 0.80, 0.79, 0.78, 0.77};
        EarlyStopping strict = EarlyStopping.of(new EarlyStoppingSpec("val_loss", 2, 0.1, false));
        // 0.95 and 0.91 are within 0.1 of 1.0: two epochs without improvement end it at epoch 3
        assertThat(feed(strict, new Snapshots(), creeping)).isEqualTo(3);
        assertThat(strict.bestEpochOr(3)).isEqualTo(1);
        EarlyStopping plain = EarlyStopping.of(new EarlyStoppingSpec("val_loss", 2, 0.0, false));
        assertThat(feed(plain, new Snapshots(), creeping)).isEqualTo(7);
        assertThat(plain.shouldStop()).isFalse();
        EarlyStopping patient = EarlyStopping.of(new EarlyStoppingSpec("val_loss", 3, 0.1, false));
        assertThat(feed(patient, new Snapshots(), creeping)).isEqualTo(4 + 3);
        assertThat(patient.bestEpochOr(7)).isEqualTo(4);
    }

    @Test
    void restoreBestKeepsTheBestEpochsParametersOnly() {
        Snapshots snapshots = new Snapshots();
        EarlyStopping watch = EarlyStopping.of(new EarlyStoppingSpec("val_r2", 5, 0.0, true));
        feed(watch, snapshots, 0.1, 0.5, 0.4, 0.6, 0.2);
        assertThat(snapshots.taken).containsExactly(1, 2, 4);
        assertThat(watch.parametersToRestore(5)).containsExactly(4);
        assertThat(watch.parametersToRestore(4)).as("the fit ended on the best epoch: nothing to restore").isNull();
        Snapshots none = new Snapshots();
        EarlyStopping keepsNothing = EarlyStopping.of(new EarlyStoppingSpec("val_r2", 5, 0.0, false));
        feed(keepsNothing, none, 0.1, 0.5, 0.4);
        assertThat(none.taken).isEmpty();
        assertThat(keepsNothing.parametersToRestore(3)).isNull();
    }

    @Test
    void withoutASpecItTracksTheLossButNeverStops() {
        EarlyStopping watch = EarlyStopping.of(null);
        assertThat(feed(watch, new Snapshots(), 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1)).isEqualTo(7);
        assertThat(watch.bestEpochOr(7)).isEqualTo(1);
        assertThat(watch.parametersToRestore(7)).isNull();
        EarlyStopping nothingWatched = EarlyStopping.of(null);
        feed(nothingWatched, new Snapshots(), Double.NaN, Double.NaN);
        assertThat(nothingWatched.bestEpochOr(2)).as("no value to watch: the last epoch").isEqualTo(2);
    }

    @Test
    void aResumedWatchStopsWhereTheUninterruptedOneDid() {
        double[] curve = {0.9, 0.7, 0.75, 0.8, 0.72, 0.71, 0.9};
        EarlyStoppingSpec spec = new EarlyStoppingSpec("val_loss", 3, 0.0, true);
        EarlyStopping whole = EarlyStopping.of(spec);
        int wholeEpochs = feed(whole, new Snapshots(), curve);

        EarlyStopping first = EarlyStopping.of(spec);
        Snapshots snapshots = new Snapshots();
        for (int epoch = 1; epoch <= 3; epoch++) {
            first.observe(epoch, curve[epoch - 1], snapshots.at(epoch));
        }
        // through a checkpoint's progress record, as a resumed fit gets it
        FitProgress saved = new FitProgress(3, 0, 30, first.state(), new byte[0], new byte[0], MetricHistory.EMPTY);
        EarlyStopping resumed = EarlyStopping.of(spec);
        resumed.resume(saved.earlyStopping());
        int epoch = 3;
        while (!resumed.shouldStop() && epoch < curve.length) {
            epoch++;
            resumed.observe(epoch, curve[epoch - 1], snapshots.at(epoch));
        }
        assertThat(epoch).isEqualTo(wholeEpochs).isEqualTo(5);
        assertThat(resumed.state()).usingRecursiveComparison().isEqualTo(whole.state());
        assertThat(resumed.parametersToRestore(epoch)).containsExactly(2);
    }

    @Test
    void anImprovementMustBeatTheBestByMoreThanMinDeltaInTheMonitorsDirection() {
        // 0.5 + 0.25 and 1.0 - 0.25 are exact: a value at exactly minDelta from the best is no improvement
        EarlyStopping accuracy = EarlyStopping.of(new EarlyStoppingSpec("val_accuracy", 2, 0.25, false));
        assertThat(feed(accuracy, new Snapshots(), 0.5, 0.75, 0.76, 0.7, 0.8, 0.9)).isEqualTo(5);
        assertThat(accuracy.bestEpochOr(5)).isEqualTo(3);
        assertThat(accuracy.state().best()).isEqualTo(0.76);
        // a fall within minDelta of an accuracy is not an improvement either
        EarlyStopping falling = EarlyStopping.of(new EarlyStoppingSpec("val_accuracy", 1, 0.25, false));
        assertThat(feed(falling, new Snapshots(), 0.5, 0.4)).isEqualTo(2);
        assertThat(falling.bestEpochOr(2)).isEqualTo(1);
        EarlyStopping loss = EarlyStopping.of(new EarlyStoppingSpec("val_loss", 2, 0.25, false));
        assertThat(feed(loss, new Snapshots(), 1.0, 0.75, 0.74, 0.8, 0.6, 0.5)).isEqualTo(5);
        assertThat(loss.bestEpochOr(5)).isEqualTo(3);
        assertThat(loss.state().sinceBest()).isEqualTo(2);
    }
}
