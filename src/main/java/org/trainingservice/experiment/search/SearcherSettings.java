package org.trainingservice.experiment.search;

/**
 * The {@code searcher} object of an experiment. {@code maxEpochs} is the base spec's {@code training.epochs} (the top
 * ASHA rung). A 0 in {@code minEpochs}, {@code reductionFactor} or {@code startupTrials} means "not given" and
 * {@link #withDefaults()} turns it into 1, 3 and 10 (ASHA's and Optuna's TPE defaults).
 */
public record SearcherSettings(SearcherType type, int maxTrials, int maxConcurrentTrials, long seed,
                               int minEpochs, int reductionFactor, int startupTrials, int maxEpochs) {

    public static final int DEFAULT_MIN_EPOCHS = 1;
    public static final int DEFAULT_REDUCTION_FACTOR = 3;
    public static final int DEFAULT_STARTUP_TRIALS = 10;

    /** The same settings with every 0 that means "not given" replaced by its default. */
    public SearcherSettings withDefaults() {
        return new SearcherSettings(type, maxTrials, maxConcurrentTrials, seed,
                minEpochs == 0 ? DEFAULT_MIN_EPOCHS : minEpochs,
                reductionFactor == 0 ? DEFAULT_REDUCTION_FACTOR : reductionFactor,
                startupTrials == 0 ? DEFAULT_STARTUP_TRIALS : startupTrials,
                maxEpochs);
    }
}
