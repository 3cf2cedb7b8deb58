package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainingservice.experiment.search.TpeFixtures.bowlSpace;
import static org.trainingservice.experiment.search.TpeFixtures.optimize;
import static org.trainingservice.experiment.search.TpeFixtures.separated;
import static org.trainingservice.experiment.search.TpeFixtures.separatedSpace;
import static org.trainingservice.experiment.search.TpeFixtures.settings;
import static org.trainingservice.experiment.search.TpeFixtures.tpe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** How the TPE builds its decision: startup, ranking, the split, weights, determinism. */
class TpeDecisionTest {

    @Test
    void theStartupTrialsAreTheRandomSearchersAndLaterOnesAreNot() {
        List<TrialView> tpe = optimize(tpe(bowlSpace(), 12, 3, 0), TpeFixtures::bowl);
        List<TrialView> random = optimize(Searchers.create(bowlSpace(), settings(SearcherType.RANDOM, 12, 3),
                Direction.MINIMIZE), TpeFixtures::bowl);
        for (int i = 0; i < 10; i++) {
            assertThat(tpe.get(i).hyperparameters()).isEqualTo(random.get(i).hyperparameters());
        }
        assertThat(tpe.get(10).hyperparameters().get("x")).isNotEqualTo(random.get(10).hyperparameters().get("x"));
        assertThat(tpe.get(11).hyperparameters().get("lr")).isNotEqualTo(random.get(11).hyperparameters().get("lr"));
        List<TrialView> short3 = optimize(tpe(bowlSpace(), 5, 3, 3), TpeFixtures::bowl);
        assertThat(short3.get(2).hyperparameters()).isEqualTo(random.get(2).hyperparameters());
        assertThat(short3.get(3).hyperparameters()).isNotEqualTo(random.get(3).hyperparameters());
    }

    @Test
    void withNothingObservedYetATrialAfterTheStartupIsRandomToo() {
        List<TrialView> running = new ArrayList<>();
        Searcher random = Searchers.create(bowlSpace(), settings(SearcherType.RANDOM, 20, 3), Direction.MINIMIZE);
        for (int n = 1; n <= 11; n++) {
            running.add(new TrialView(n, Map.of("x", 0.0, "lr", 0.01), n % 2 == 0 ? TrialPhase.FAILED
                    : TrialPhase.RUNNING, null, null));
        }
        assertThat(tpe(bowlSpace(), 20, 3, 0).next(running)).isEqualTo(random.next(running));
    }

    @Test
    void theDecisionDependsOnTheObservedTrialsNotOnTheirOrder() {
        List<TrialView> trials = optimize(tpe(bowlSpace(), 15, 8, 0), TpeFixtures::bowl);
        Decision forward = tpe(bowlSpace(), 20, 8, 0).next(trials);
        List<TrialView> reversed = new ArrayList<>(trials);
        java.util.Collections.reverse(reversed);
        assertThat(tpe(bowlSpace(), 20, 8, 0).next(reversed)).isEqualTo(forward);
        assertThat(tpe(bowlSpace(), 20, 9, 0).next(trials)).isNotEqualTo(forward);
        List<TrialView> changed = new ArrayList<>(trials);
        TrialView best = trials.stream().min(java.util.Comparator.comparingDouble(TrialView::objective))
                .orElseThrow();
        changed.set(best.number() - 1, new TrialView(best.number(), best.hyperparameters(), TrialPhase.SUCCEEDED,
                null, 1e9));
        assertThat(tpe(bowlSpace(), 20, 8, 0).next(changed)).isNotEqualTo(forward);
    }

    @Test
    void theProposalMaximizesGoodOverBadDensity() {
        for (long seed = 1; seed <= 5; seed++) {
            Propose p = (Propose) tpe(separatedSpace(), 30, seed, 5).next(separated());
            assertThat((double) p.hyperparameters().get("x")).isGreaterThan(0.5);
            assertThat(p.hyperparameters().get("act")).isEqualTo("b");
            assertThat((int) p.hyperparameters().get("k")).isBetween(5, 8);
        }
        Searcher maximize = Searchers.create(separatedSpace(), new SearcherSettings(SearcherType.TPE, 30, 1, 1, 0, 0,
                5, 0), Direction.MAXIMIZE);
        List<TrialView> negated = separated().stream().map(t -> new TrialView(t.number(), t.hyperparameters(),
                t.phase(), null, -t.objective())).toList();
        Decision minimized = tpe(separatedSpace(), 30, 1, 5).next(separated());
        assertThat(maximize.next(negated)).isEqualTo(minimized);
        assertThat(maximize.next(separated())).isNotEqualTo(minimized);
    }

    @Test
    void valuesReadBackAsOtherJavaTypesStillCount() {
        List<TrialView> trials = new ArrayList<>();
        for (TrialView t : separated()) {
            Map<String, Object> h = new LinkedHashMap<>(t.hyperparameters());
            h.put("k", ((Integer) h.get("k")).longValue());
            trials.add(new TrialView(t.number(), h, t.phase(), null, t.objective()));
        }
        assertThat(tpe(separatedSpace(), 30, 2, 5).next(trials)).isEqualTo(tpe(separatedSpace(), 30, 2, 5)
                .next(separated()));
    }

    @Test
    void gammaIsATenthRoundedUpAtMost25() {
        assertThat(TpeSearcher.gamma(1)).isEqualTo(1);
        assertThat(TpeSearcher.gamma(10)).isEqualTo(1);
        assertThat(TpeSearcher.gamma(11)).isEqualTo(2);
        assertThat(TpeSearcher.gamma(249)).isEqualTo(25);
        assertThat(TpeSearcher.gamma(400)).isEqualTo(25);
    }

    @Test
    void weightsAreFlatUpTo25ThenTheOldestRampUp() {
        assertThat(TpeSearcher.weights(0)).isEmpty();
        assertThat(TpeSearcher.weights(25)).containsOnly(1.0).hasSize(25);
        double[] w26 = TpeSearcher.weights(26);
        assertThat(w26[0]).isEqualTo(1.0 / 26);
        assertThat(w26[1]).isEqualTo(1.0);
        double[] w30 = TpeSearcher.weights(30);
        // numpy.linspace(1/30, 1, 5), then 25 ones
        double[] ramp = {1.0 / 30, 1.0 / 30 + (29.0 / 30) / 4, 1.0 / 30 + 2 * (29.0 / 30) / 4,
                1.0 / 30 + 3 * (29.0 / 30) / 4, 1.0};
        for (int i = 0; i < 5; i++) {
            assertThat(w30[i]).isCloseTo(ramp[i], org.assertj.core.api.Assertions.within(1e-12));
        }
        for (int i = 5; i < 30; i++) {
            assertThat(w30[i]).isEqualTo(1.0);
        }
    }

    @Test
    void succeededTrialsRankFirstThenPrunedByDepthThenValue() {
        List<TrialView> trials = List.of(
                Trial.succeeded(1, 0.5),
                new TrialView(2, Map.of(), TrialPhase.PRUNED, new java.util.TreeMap<>(Map.of(1, 0.1)), 0.1),
                new TrialView(3, Map.of(), TrialPhase.PRUNED, new java.util.TreeMap<>(Map.of(1, 0.3, 3, 0.4)), 0.4),
                Trial.succeeded(4, 0.2),
                Trial.of(5, TrialPhase.FAILED, 0.01),
                Trial.of(6, TrialPhase.RUNNING, null),
                Trial.succeeded(7, Double.NaN),
                Trial.succeeded(8, 0.2),
                new TrialView(9, Map.of(), TrialPhase.PRUNED, new java.util.TreeMap<>(Map.of(1, 0.05)), 0.05));
        TpeSearcher min = tpe(bowlSpace(), 20, 1, 0);
        assertThat(min.ranked(trials).stream().map(TrialView::number)).containsExactly(4, 8, 1, 3, 9, 2);
        TpeSearcher max = (TpeSearcher) Searchers.create(bowlSpace(), settings(SearcherType.TPE, 20, 1),
                Direction.MAXIMIZE);
        assertThat(max.ranked(trials).stream().map(TrialView::number)).containsExactly(1, 4, 8, 3, 2, 9);
    }

    @Test
    void completesAfterMaxTrialsOnceNoneIsActive() {
        TpeSearcher searcher = tpe(bowlSpace(), 2, 1, 0);
        assertThat(searcher.next(List.of(Trial.succeeded(1, 1), Trial.of(2, TrialPhase.QUEUED, null))))
                .isEqualTo(new Wait());
        assertThat(searcher.next(List.of(Trial.succeeded(1, 1), Trial.succeeded(2, 2))))
                .isEqualTo(new Complete("all 2 trials (searcher.maxTrials) were proposed"));
    }

    @Test
    void aGridParameterIsSearchedLikeAChoice() {
        Map<String, ParameterSpace> grid = new LinkedHashMap<>(separatedSpace().parameters());
        grid.put("act", new GridValues(List.of("a", "b", "c")));
        assertThat(tpe(new SearchSpace(grid), 30, 3, 5).next(separated()))
                .isEqualTo(tpe(separatedSpace(), 30, 3, 5).next(separated()));
    }

    /** Trials 1-20 over a log-int k in [1, 3]: every tenth has k = {@code best} and objective 0, the rest 1 + n. */
    private static List<TrialView> logIntHistory(int best, int other) {
        List<TrialView> trials = new ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            boolean good = n % 10 == 0;
            trials.add(new TrialView(n, Map.of("k", good ? best : other), TrialPhase.SUCCEEDED, null,
                    good ? 0.0 : 1.0 + n));
        }
        return trials;
    }

    @Test
    void logIntegersReachBothEndsOfTheirRange() {
        SearchSpace space = new SearchSpace(Map.of("k", new IntRange(1, 3, true)));
        int ones = 0;
        int threes = 0;
        for (long seed = 1; seed <= 10; seed++) {
            ones += (int) ((Propose) tpe(space, 30, seed, 5).next(logIntHistory(1, 2))).hyperparameters().get("k")
                    == 1 ? 1 : 0;
            threes += (int) ((Propose) tpe(space, 30, seed, 5).next(logIntHistory(3, 2))).hyperparameters().get("k")
                    == 3 ? 1 : 0;
        }
        assertThat(ones).isGreaterThanOrEqualTo(7);
        assertThat(threes).isGreaterThanOrEqualTo(7);
    }

    @Test
    void proposalsArePinnedSoThatAnUpgradeDoesNotChangeAnExperimentsCourse() {
        // the values this version proposes; if a change moves them, experiments running across the upgrade would
        // continue differently from how they began: change them only on purpose
        assertThat(RandomSampling.streamFor(42, 1, 0).nextLong()).isEqualTo(4191272950066788723L);
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("x", 0.5032508322366748);
        first.put("act", "a");
        first.put("k", 3);
        assertThat(tpe(separatedSpace(), 30, 1, 5).next(List.of())).isEqualTo(new Propose(first, null));
        Map<String, Object> modelled = new LinkedHashMap<>();
        modelled.put("x", 0.9995430124456441);
        modelled.put("act", "b");
        modelled.put("k", 8);
        assertThat(tpe(separatedSpace(), 30, 1, 5).next(separated())).isEqualTo(new Propose(modelled, null));
    }
}
