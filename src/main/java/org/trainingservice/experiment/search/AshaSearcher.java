package org.trainingservice.experiment.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Asynchronous successive halving (Li et al. 2020, "A System for Massively Parallel Hyperparameter Tuning",
 * Algorithm 2 {@code get_job}). Rungs sit at {@code minEpochs · reductionFactor^k} epochs while below
 * {@code maxEpochs}, then at {@code maxEpochs} itself. Every trial pauses at its rung (the caller checkpoints it
 * PAUSED) and reports its objective there. On each call, from the second-highest rung down to the first, a trial
 * PAUSED at rung k is promotable when it is among the top ⌊n_k/η⌋ of the n_k trials that reported at rung k (ties: the
 * lower trial number); the best promotable trial of the highest such rung is resumed up to the next rung. Otherwise a
 * new random trial (seeded by its number) is proposed up to the first rung, while fewer than {@code maxTrials} exist.
 *
 * <p>n_k counts every value reported at rung k, also from trials that later failed or were cancelled (as Optuna and
 * Ray do): a result once seen stays evidence about the rung, and promotions do not change when a later run breaks.
 * Such a trial can hold one of the top places without being promotable.
 */
final class AshaSearcher implements Searcher {

    private final SearchSpace space;
    private final SearcherSettings settings;
    private final Direction direction;
    private final List<Integer> rungs;

    AshaSearcher(SearchSpace space, SearcherSettings settings, Direction direction) {
        this.space = space;
        this.settings = settings;
        this.direction = direction;
        this.rungs = rungs(settings.minEpochs(), settings.reductionFactor(), settings.maxEpochs());
    }

    /** The rung epochs: min·η^k for k = 0, 1, ... while below max, then max (e.g. 2, 6, 18, 20 for 2, 3, 20). */
    static List<Integer> rungs(int minEpochs, int reductionFactor, int maxEpochs) {
        List<Integer> rungs = new ArrayList<>();
        for (long r = minEpochs; r < maxEpochs; r *= reductionFactor) {
            rungs.add((int) r);
        }
        rungs.add(maxEpochs);
        return List.copyOf(rungs);
    }

    List<Integer> rungs() {
        return rungs;
    }

    @Override
    public Decision next(List<TrialView> trials) {
        List<TrialView> sorted = Trials.byNumber(trials);
        for (int k = rungs.size() - 2; k >= 0; k--) {
            Optional<TrialView> promotable = promotable(sorted, k);
            if (promotable.isPresent()) {
                return new Promote(promotable.get().number(), pauseAt(k + 1));
            }
        }
        if (trials.size() < settings.maxTrials()) {
            return new Propose(RandomSampling.sample(space, settings.seed(), trials.size() + 1), pauseAt(0));
        }
        return Trials.waitOrComplete(trials, "all " + settings.maxTrials() + " trials (searcher.maxTrials) were "
                + "proposed and no paused trial is in the top 1/" + settings.reductionFactor() + " of its rung");
    }

    /** The best PAUSED trial at rung k that is in the rung's top ⌊n_k/η⌋. */
    private Optional<TrialView> promotable(List<TrialView> sorted, int k) {
        int epoch = rungs.get(k);
        List<TrialView> reported = sorted.stream().filter(t -> reportedAt(t, epoch))
                .sorted(Comparator.comparingDouble((TrialView t) -> direction.loss(t.rungValues().get(epoch)))
                        .thenComparingInt(TrialView::number))
                .toList();
        int top = reported.size() / settings.reductionFactor();
        return reported.subList(0, top).stream()
                .filter(t -> t.phase() == TrialPhase.PAUSED && t.highestRung() == epoch)
                .findFirst();
    }

    private static boolean reportedAt(TrialView trial, int epoch) {
        Double value = trial.rungValues().get(epoch);
        return value != null && !value.isNaN();
    }

    /** The epoch to pause at when heading for rung k; null for the top rung, which is training to the end. */
    private Integer pauseAt(int k) {
        int epoch = rungs.get(k);
        return epoch == settings.maxEpochs() ? null : epoch;
    }
}
