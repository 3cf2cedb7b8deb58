package org.trainingservice.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;
import org.trainingservice.training.optim.Optimizer;

/**
 * Where one fit stands: the model, the optimizer, the early-stopping watch, the epochs' metrics and the position
 * (epochs started, batches of the current epoch already done by a resumed run, steps). A checkpoint is a snapshot of
 * it, and a resume puts one back.
 */
final class FitState {

    final SequentialBlock block;
    final Optimizer optimizer;
    final EarlyStopping early;
    final List<MetricHistory.Epoch> history = new ArrayList<>();
    int epoch;
    int skipBatches;
    long step;

    FitState(SequentialBlock block, Optimizer optimizer, EarlyStopping early) {
        this.block = block;
        this.optimizer = optimizer;
        this.early = early;
    }

    /** Continues from {@code progress}: the next epoch is the one after its completed epochs, minus its done batches. */
    void resume(FitProgress progress, NDManager manager) {
        history.addAll(progress.history().epochs());
        ModelParameters.load(block, manager, progress.parameters());
        optimizer.loadState(progress.optimizerState());
        epoch = progress.completedEpochs();
        skipBatches = progress.batchesDone();
        step = progress.step();
        early.resume(progress.earlyStopping());
    }

    FitProgress snapshot(int completedEpochs, int batchesDone) {
        return new FitProgress(completedEpochs, batchesDone, step, early.state(), ModelParameters.save(block),
                ModelParameters.optimizerState(optimizer), new MetricHistory(history));
    }
}
