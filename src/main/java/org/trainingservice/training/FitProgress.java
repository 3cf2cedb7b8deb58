package org.trainingservice.training;

/**
 * Where a fit stands at a batch boundary, with everything needed to continue it exactly: the model and optimizer
 * state, the position (epochs completed, batches done in the next epoch, steps), and the early-stopping state. The
 * random streams need no saving: shuffling, batch transforms and dropout are seeded from (seed, epoch, batch), so the
 * position determines them. {@code history} holds the completed epochs' metrics, so that the findings of a resumed
 * run read its whole curve.
 */
public record FitProgress(int completedEpochs, int batchesDone, long step, double best, int bestEpoch, int sinceBest,
                          byte[] bestParameters, byte[] parameters, byte[] optimizerState, MetricHistory history) {

    public FitProgress {
        history = history == null ? MetricHistory.EMPTY : history;
    }

    public FitProgress(int completedEpochs, int batchesDone, long step, EarlyStopping.State early, byte[] parameters,
                       byte[] optimizerState, MetricHistory history) {
        this(completedEpochs, batchesDone, step, early.best(), early.bestEpoch(), early.sinceBest(),
                early.bestParameters(), parameters, optimizerState, history);
    }

    public FitProgress(int completedEpochs, int batchesDone, long step, double best, int bestEpoch, int sinceBest,
                       byte[] bestParameters, byte[] parameters, byte[] optimizerState) {
        this(completedEpochs, batchesDone, step, best, bestEpoch, sinceBest, bestParameters, parameters, optimizerState,
                MetricHistory.EMPTY);
    }

    /** The early-stopping state to resume with. */
    public EarlyStopping.State earlyStopping() {
        return new EarlyStopping.State(best, bestEpoch, sinceBest, bestParameters);
    }
}
