package org.trainingservice.training;

import org.trainingservice.training.spec.CheckpointSpec;

/** When a fit hands its progress to the sink: every {@code everyEpochs} epochs, on a pause and on suspension. */
record CheckpointCadence(CheckpointSink sink, int everyEpochs) {

    /** Without a checkpoint spec no epoch is due (a pause or a suspension still saves). */
    static CheckpointCadence of(CheckpointSpec spec, CheckpointSink sink) {
        return new CheckpointCadence(sink, spec == null ? Integer.MAX_VALUE : spec.everyEpochs());
    }

    /** Every {@code everyEpochs} epochs, and the fit's last epoch whenever checkpoints were asked for. */
    boolean dueAt(int epoch, boolean last) {
        return epoch % everyEpochs == 0 || last && everyEpochs != Integer.MAX_VALUE;
    }

    /** Saves where {@code state} stands after {@code completedEpochs} epochs and {@code batchesDone} batches more. */
    void save(FitState state, int completedEpochs, int batchesDone) {
        sink.save(state.snapshot(completedEpochs, batchesDone), state.early.monitor(), state.early.lastValue());
    }
}
