package org.trainingservice.experiment.search;

import java.util.List;

/**
 * Independent draws from the space, trial i from the stream of (seed, i): uniform and loguniform (evenly on the log
 * scale), int (evenly over the integers, or on the log scale with {@code log}), choice and grid (each value equally
 * likely). Proposes {@code maxTrials} trials.
 */
final class RandomSearcher implements Searcher {

    private final SearchSpace space;
    private final SearcherSettings settings;

    RandomSearcher(SearchSpace space, SearcherSettings settings) {
        this.space = space;
        this.settings = settings;
    }

    @Override
    public Decision next(List<TrialView> trials) {
        int proposed = trials.size();
        if (proposed < settings.maxTrials()) {
            return new Propose(RandomSampling.sample(space, settings.seed(), proposed + 1), null);
        }
        return Trials.waitOrComplete(trials, "all " + settings.maxTrials() + " trials (searcher.maxTrials) were proposed");
    }
}
