package org.trainingservice.experiment.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen estimator with the defaults of Optuna's {@code TPESampler}. Trials up to
 * {@code startupTrials} (and any trial proposed before a first result) are random, exactly as the random searcher
 * would propose them. After that the observed trials (SUCCEEDED or PRUNED with an objective) are ranked: succeeded
 * ones by objective, then pruned ones by the deepest rung reached and their value there, as Optuna ranks pruned
 * trials below complete ones. The best γ(n) = min(⌈n/10⌉, 25) are "good", the rest "bad". For each parameter on its
 * own (Optuna's univariate default) a Parzen estimator l(x) is fitted to the good values and g(x) to the bad ones
 * (weights 1, except that beyond 25 observations the oldest ramp down to 1/n), 24 candidates are drawn from l, and
 * the one with the largest l(x)/g(x) is proposed. Draws come from the stream of (seed, trial number), so a decision
 * depends only on the seed, the trial number and the observed trials.
 */
final class TpeSearcher implements Searcher {

    static final int CANDIDATES = 24;
    private static final long TPE_SALT = 0x7E5EL;

    private final SearchSpace space;
    private final SearcherSettings settings;
    private final Direction direction;

    TpeSearcher(SearchSpace space, SearcherSettings settings, Direction direction) {
        this.space = space;
        this.settings = settings;
        this.direction = direction;
    }

    @Override
    public Decision next(List<TrialView> trials) {
        int proposed = trials.size();
        if (proposed >= settings.maxTrials()) {
            return Trials.waitOrComplete(trials, "all " + settings.maxTrials()
                    + " trials (searcher.maxTrials) were proposed");
        }
        int number = proposed + 1;
        List<TrialView> ranked = ranked(trials);
        if (number <= settings.startupTrials() || ranked.isEmpty()) {
            return new Propose(RandomSampling.sample(space, settings.seed(), number), null);
        }
        int good = gamma(ranked.size());
        List<TrialView> below = Trials.byNumber(ranked.subList(0, good));
        List<TrialView> above = Trials.byNumber(ranked.subList(good, ranked.size()));
        SplittableRandom random = RandomSampling.streamFor(settings.seed(), number, TPE_SALT);
        Map<String, Object> values = new LinkedHashMap<>();
        space.parameters().forEach((path, parameter) ->
                values.put(path, TpeParameter.of(parameter).suggest(path, below, above, random)));
        return new Propose(values, null);
    }

    /** Optuna's default γ: the good group is the best 10%, at least 1 and at most 25. */
    static int gamma(int observed) {
        return Math.min((int) Math.ceil(0.1 * observed), 25);
    }

    /** Optuna's default weights: 1 each up to 25; beyond, the oldest n − 25 ramp from 1/n up to 1. */
    static double[] weights(int n) {
        double[] w = new double[n];
        int ramp = Math.max(0, n - 25);
        for (int i = 0; i < n; i++) {
            w[i] = i < ramp ? (ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1)) : 1.0;
        }
        return w;
    }

    /** The observed trials, best first: succeeded by objective, then pruned by deepest rung and value there. */
    List<TrialView> ranked(List<TrialView> trials) {
        Comparator<TrialView> byLoss = Comparator.comparingDouble((TrialView t) -> direction.loss(t.objective()))
                .thenComparingInt(TrialView::number);
        List<TrialView> ranked = new ArrayList<>(trials.stream()
                .filter(t -> t.phase() == TrialPhase.SUCCEEDED && t.hasObjective()).sorted(byLoss).toList());
        ranked.addAll(trials.stream().filter(t -> t.phase() == TrialPhase.PRUNED && t.hasObjective())
                .sorted(Comparator.comparingInt(TrialView::highestRung).reversed().thenComparing(byLoss)).toList());
        return ranked;
    }
}
