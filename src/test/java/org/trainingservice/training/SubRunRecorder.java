package org.trainingservice.training;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.trainingservice.training.spec.JobSpec;

/**
 * Runs one strategy (bagging, boosting, bias-variance rounds) the way the engine does, and keeps every epoch report
 * and what each finished sub-run produced: its parameters and its outputs on the splits, as the job's checkpoint
 * ledger records them. The context counts one sub-run more than the strategy trains, so that every sub-run the
 * strategy trains is followed by a checkpoint (the job's last sub-run is not), and the tests can recompute the
 * strategy's results from each sub-run's own outputs.
 */
final class SubRunRecorder implements TrainingObserver {

    final List<EpochReport> reports = new ArrayList<>();
    private Checkpoint last;

    @Override
    public void onEpoch(EpochReport report) {
        reports.add(report);
    }

    @Override
    public boolean shouldStop() {
        return false;
    }

    @Override
    public void onCheckpoint(byte[] checkpoint, CheckpointInfo info) {
        last = Checkpoint.decode(checkpoint);
    }

    /** The sub-runs finished so far, in order. */
    List<CompletedSubRun> completed() {
        return last == null ? List.of() : last.completed();
    }

    /** The outputs of sub-run {@code index} on {@code split}. */
    float[] outputs(int index, String split) {
        return completed().get(index).outputs().get(split);
    }

    /** Runs {@code strategy} in a context of {@code trainedSubRuns} + 1 sub-runs on a fresh engine manager. */
    <T> T run(JobSpec spec, DataTable data, int trainedSubRuns, BiFunction<JobContext, Preparation, T> strategy,
              Preparation prep) {
        try (NDManager manager = NDManager.newBaseManager()) {
            JobContext ctx = new JobContext(spec, data, this, manager, trainedSubRuns + 1, "cpu", null);
            return strategy.apply(ctx, prep);
        }
    }

    /** The holdout preparation the engine makes for {@code spec} (stratified for classification). */
    static Preparation prepare(JobSpec spec, DataTable data) {
        int[] labels = data.isClassification() ? data.labels() : null;
        return Preparation.of(data, Splitter.holdout(data.rows(), labels, spec.validation().validationFraction(),
                spec.validation().testFraction(), spec.training().seed()));
    }
}
