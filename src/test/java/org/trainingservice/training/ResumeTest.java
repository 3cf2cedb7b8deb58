package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;

/** A run stopped at a checkpoint and resumed ends bit-identical to the uninterrupted run. */
class ResumeTest {

    private static final DataTable MOONS = TestData.builtin("moons", 300, 0.25, null, 4);

    /** Records checkpoints; optionally asks to suspend once a given step has been taken. */
    private static final class Recorder implements TrainingObserver {
        final List<byte[]> checkpoints = new ArrayList<>();
        final List<CheckpointInfo> infos = new ArrayList<>();
        final List<EpochReport> epochs = new ArrayList<>();
        final long suspendAtBatch;
        int pauseAfterEpoch = Integer.MAX_VALUE;
        long batches;

        /** Suspends before the batch with this 0-based number in the whole run (Long.MAX_VALUE: never). */
        Recorder(long suspendAtBatch) {
            this.suspendAtBatch = suspendAtBatch;
        }

        @Override
        public void onEpoch(EpochReport report) {
            epochs.add(report);
        }

        @Override
        public boolean shouldStop() {
            return false;
        }

        @Override
        public boolean shouldSuspend() {
            return batches++ == suspendAtBatch;
        }

        @Override
        public boolean pauseAfter(int epoch) {
            return epoch == pauseAfterEpoch;
        }

        @Override
        public void onCheckpoint(byte[] checkpoint, CheckpointInfo info) {
            checkpoints.add(checkpoint);
            infos.add(info);
        }
    }

    private static final String SPEC = """
            {"dataset": {"builtin": "moons"}, "model": {"hidden": [32, 32], "dropout": 0.2, "batchNorm": true},
             "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 8, "batchSize": 16},
             "regularization": {"inputNoise": 0.05, "mixup": 0.2,
                                "earlyStopping": {"monitor": "val_loss", "patience": 50, "restoreBest": true}},
             "checkpoint": {"everyEpochs": 3}}""";

    @Test
    void aRunSuspendedMidEpochAndResumedEqualsTheUninterruptedRun() {
        JobSpec spec = TestData.spec(SPEC, Task.CLASSIFICATION);
        Recorder plain = new Recorder(Long.MAX_VALUE);
        TrainingOutcome uninterrupted = new TrainingEngine().run(spec, MOONS, plain);
        // every third epoch, and the final one (eligible as the best and the last checkpoint kept)
        assertThat(plain.infos).extracting(CheckpointInfo::epoch).containsExactly(3, 6, 8);

        Recorder suspended = new Recorder(40); // suspends in the middle of epoch 4 (12 steps an epoch)
        assertThatThrownBy(() -> new TrainingEngine().run(spec, MOONS, suspended))
                .isInstanceOf(TrainingSuspendedException.class);
        byte[] lastCheckpoint = suspended.checkpoints.get(suspended.checkpoints.size() - 1);
        CheckpointInfo info = suspended.infos.get(suspended.infos.size() - 1);
        assertThat(info.batchesDone()).isGreaterThan(0);

        Recorder resumed = new Recorder(Long.MAX_VALUE);
        TrainingOutcome continued = new TrainingEngine().run(spec, MOONS, resumed, Checkpoint.decode(lastCheckpoint));
        assertThat(continued.model().members().get(0).parameters()).isEqualTo(uninterrupted.model().members().get(0).parameters());
        assertThat(continued.result().metrics()).isEqualTo(uninterrupted.result().metrics());
        // the checkpoint carries the epochs before it, so the resumed run reads its whole curve
        assertThat(continued.result().findings()).isEqualTo(uninterrupted.result().findings());
        assertThat(continued.result().diagnosisDetail()).isEqualTo(uninterrupted.result().diagnosisDetail());
        assertThat(resumed.epochs.get(0).epoch()).isEqualTo(info.epoch() + 1);
        assertThat(resumed.epochs.get(resumed.epochs.size() - 1).metrics())
                .isEqualTo(plain.epochs.get(plain.epochs.size() - 1).metrics());
    }

    @Test
    void aRunPausedAfterAnEpochCheckpointsThereAndResumesToTheUninterruptedRun() {
        JobSpec spec = TestData.spec(SPEC, Task.CLASSIFICATION);
        TrainingOutcome uninterrupted = new TrainingEngine().run(spec, MOONS, new Recorder(Long.MAX_VALUE));

        Recorder pausing = new Recorder(Long.MAX_VALUE);
        pausing.pauseAfterEpoch = 4;
        TrainingOutcome paused = new TrainingEngine().run(spec, MOONS, pausing);
        assertThat(paused.result().stopReason()).isEqualTo(StopReason.PAUSED);
        assertThat(paused.result().epochsRun()).isEqualTo(4);
        // the cadence's checkpoint after epoch 3, then the pause's own after epoch 4
        assertThat(pausing.infos).extracting(CheckpointInfo::epoch).containsExactly(3, 4);
        assertThat(pausing.infos.get(1).batchesDone()).isZero();
        assertThat(pausing.infos.get(1).metric()).isEqualTo("val_loss");
        assertThat(pausing.infos.get(1).value()).isEqualTo(pausing.epochs.get(3).metrics().get("val_loss"));

        TrainingOutcome continued = new TrainingEngine().run(spec, MOONS, new Recorder(Long.MAX_VALUE),
                Checkpoint.decode(pausing.checkpoints.get(1)));
        assertThat(continued.model().members().get(0).parameters())
                .isEqualTo(uninterrupted.model().members().get(0).parameters());
        assertThat(continued.result().metrics()).isEqualTo(uninterrupted.result().metrics());
    }

    @Test
    void aRunResumedAfterItsValidationMinimumStillFindsTheOnsetThere() {
        // the README's example overfits from epoch 5; resume it from the checkpoint after epoch 10
        JobSpec spec = TestData.spec("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [32, 32]},
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 20, "seed": 42}}""",
                Task.CLASSIFICATION);
        DataTable moons = TestData.builtin("moons", 1000, 0.2, null, 42);
        Recorder plain = new Recorder(Long.MAX_VALUE);
        TrainingOutcome uninterrupted = new TrainingEngine().run(spec, moons, plain);
        Finding onset = uninterrupted.result().findings().get(0);
        assertThat(onset.kind()).isEqualTo(Finding.Kind.OVERFITTING_ONSET);
        assertThat(onset.epoch()).isLessThan(10);
        Recorder resumed = new Recorder(Long.MAX_VALUE);
        TrainingOutcome continued = new TrainingEngine().run(spec, moons, resumed,
                Checkpoint.decode(plain.checkpoints.get(plain.infos.stream().map(CheckpointInfo::epoch).toList().indexOf(10))));
        assertThat(resumed.epochs.get(0).epoch()).isEqualTo(11);
        assertThat(continued.result().findings()).isEqualTo(uninterrupted.result().findings());
    }

    @Test
    void checkpointsKeepTheMetricHistoryAndOldOnesStillDecode() {
        MetricHistory history = new MetricHistory(java.util.List.of(
                new MetricHistory.Epoch(1, java.util.Map.of("train_loss", 0.5, "val_loss", 0.6)),
                new MetricHistory.Epoch(2, java.util.Map.of("train_loss", 0.4, "val_loss", 0.55))));
        Checkpoint checkpoint = new Checkpoint(java.util.List.of(new CompletedSubRun(0, new byte[]{1}, java.util.Map.of(),
                null, 2, 2, false, 10, history)), 1, new FitProgress(2, 0, 10, 0.55, 2, 0, null, new byte[]{2},
                new byte[]{3}, history));
        Checkpoint decoded = Checkpoint.decode(checkpoint.encode());
        assertThat(decoded.progress().history()).isEqualTo(history);
        assertThat(decoded.completed().get(0).history()).isEqualTo(history);
        // a version-1 blob (before histories) is the same bytes without them, under the old magic
        byte[] v1 = new Checkpoint(java.util.List.of(), 0, null).encode();
        v1[3] = '1';
        assertThat(Checkpoint.decode(v1).completed()).isEmpty();
    }

    @Test
    void anEpochCheckpointResumesExactly() {
        JobSpec spec = TestData.spec(SPEC, Task.CLASSIFICATION);
        Recorder plain = new Recorder(Long.MAX_VALUE);
        TrainingOutcome uninterrupted = new TrainingEngine().run(spec, MOONS, plain);
        TrainingOutcome fromEpoch3 = new TrainingEngine().run(spec, MOONS, new Recorder(Long.MAX_VALUE),
                Checkpoint.decode(plain.checkpoints.get(0)));
        assertThat(fromEpoch3.model().members().get(0).parameters()).isEqualTo(uninterrupted.model().members().get(0).parameters());
    }

    @Test
    void aRunResumedFromItsFinalCheckpointTrainsNothingMoreAndEndsTheSame() {
        JobSpec spec = TestData.spec(SPEC, Task.CLASSIFICATION);
        Recorder plain = new Recorder(Long.MAX_VALUE);
        TrainingOutcome uninterrupted = new TrainingEngine().run(spec, MOONS, plain);
        assertThat(plain.infos.get(plain.infos.size() - 1).epoch()).isEqualTo(8);

        Recorder resumed = new Recorder(Long.MAX_VALUE);
        TrainingOutcome fromTheEnd = new TrainingEngine().run(spec, MOONS, resumed,
                Checkpoint.decode(plain.checkpoints.get(plain.checkpoints.size() - 1)));
        assertThat(resumed.epochs).as("epochs trained after the final checkpoint").isEmpty();
        assertThat(fromTheEnd.model().members().get(0).parameters())
                .isEqualTo(uninterrupted.model().members().get(0).parameters());
        assertThat(fromTheEnd.result()).isEqualTo(uninterrupted.result());
    }

    @Test
    void aRunResumedFromTheCheckpointOfItsEarlyStopStaysStopped() {
        JobSpec spec = TestData.spec("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [32]},
                 "optimizer": {"type": "adam", "learningRate": 0.2}, "training": {"epochs": 60, "batchSize": 16},
                 "regularization": {"earlyStopping": {"monitor": "val_loss", "patience": 2, "restoreBest": true}},
                 "checkpoint": {"everyEpochs": 100}}""", Task.CLASSIFICATION);
        Recorder plain = new Recorder(Long.MAX_VALUE);
        TrainingOutcome uninterrupted = new TrainingEngine().run(spec, MOONS, plain);
        assertThat(uninterrupted.result().stoppedEarly()).as("the control run stops early").isTrue();
        // the only checkpoint is the stop's: the cadence (every 100 epochs) never came
        assertThat(plain.infos).extracting(CheckpointInfo::epoch).containsExactly(uninterrupted.result().epochsRun());

        Recorder resumed = new Recorder(Long.MAX_VALUE);
        TrainingOutcome continued = new TrainingEngine().run(spec, MOONS, resumed, Checkpoint.decode(plain.checkpoints.get(0)));
        assertThat(resumed.epochs).as("epochs trained after the stop").isEmpty();
        assertThat(continued.model().members().get(0).parameters())
                .isEqualTo(uninterrupted.model().members().get(0).parameters());
        assertThat(continued.result()).isEqualTo(uninterrupted.result());
    }

    @Test
    void anEnsembleResumesWithoutRetrainingFinishedMembers() {
        JobSpec spec = TestData.spec("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [16]}, "training": {"epochs": 4},
                 "ensemble": {"method": "boosting", "members": 3}, "checkpoint": {"everyEpochs": 2}}""", Task.CLASSIFICATION);
        Recorder plain = new Recorder(Long.MAX_VALUE);
        TrainingOutcome uninterrupted = new TrainingEngine().run(spec, MOONS, plain);
        // the checkpoint taken after member 1 finished, then member 2's mid-way one
        int afterFirst = plain.infos.stream().map(CheckpointInfo::subRun).toList().indexOf(1);
        Recorder resumed = new Recorder(Long.MAX_VALUE);
        TrainingOutcome continued = new TrainingEngine().run(spec, MOONS, resumed, Checkpoint.decode(plain.checkpoints.get(afterFirst)));
        assertThat(resumed.epochs).allSatisfy(e -> assertThat(e.member()).isNotEqualTo(1));
        for (int m = 0; m < 3; m++) {
            assertThat(continued.model().members().get(m).parameters()).isEqualTo(uninterrupted.model().members().get(m).parameters());
        }
        assertThat(continued.result().ensemble()).isEqualTo(uninterrupted.result().ensemble());
        assertThat(continued.result().findings()).isEqualTo(uninterrupted.result().findings());
    }
}
