package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class TpeSearcherTest {

    /** A shifted quadratic bowl over a linear and a log-scaled axis: minimum 0 at x = 1.3, lr = 0.01. */
    private static double bowl(Map<String, Object> h) {
        double x = (double) h.get("x");
        double lr = (double) h.get("lr");
        return Math.pow(x - 1.3, 2) + Math.pow(Math.log10(lr) + 2, 2);
    }

    private static SearchSpace bowlSpace() {
        Map<String, ParameterSpace> p = new LinkedHashMap<>();
        p.put("x", new Uniform(-10, 10));
        p.put("lr", new LogUniform(1e-6, 1));
        return new SearchSpace(p);
    }

    private static SearcherSettings settings(SearcherType type, int maxTrials, long seed) {
        return new SearcherSettings(type, maxTrials, 1, seed, 0, 0, 0, 0);
    }

    /** One trial at a time, each SUCCEEDED with its objective, until the searcher completes. */
    static List<TrialView> optimize(Searcher searcher, ToDoubleFunction<Map<String, Object>> objective) {
        List<TrialView> trials = new ArrayList<>();
        Decision d;
        while ((d = searcher.next(trials)) instanceof Propose p) {
            trials.add(new TrialView(trials.size() + 1, p.hyperparameters(), TrialPhase.SUCCEEDED, null,
                    objective.applyAsDouble(p.hyperparameters())));
        }
        assertThat(d).isInstanceOf(Complete.class);
        return trials;
    }

    static double best(List<TrialView> trials) {
        return trials.stream().mapToDouble(TrialView::objective).min().orElseThrow();
    }

    @Test
    void tpeBeatsRandomSearchOnAShiftedBowlInAtLeast8Of10Seeds() {
        int wins = 0;
        List<Double> tpeBests = new ArrayList<>();
        List<Double> randomBests = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        for (long seed = 1; seed <= 10; seed++) {
            double tpe = best(optimize(Searchers.create(bowlSpace(), settings(SearcherType.TPE, 40, seed),
                    Direction.MINIMIZE), TpeSearcherTest::bowl));
            double random = best(optimize(Searchers.create(bowlSpace(), settings(SearcherType.RANDOM, 40, seed),
                    Direction.MINIMIZE), TpeSearcherTest::bowl));
            wins += tpe < random ? 1 : 0;
            tpeBests.add(tpe);
            randomBests.add(random);
            log.append(String.format("seed %d tpe %.4f random %.4f%n", seed, tpe, random));
        }
        // 9 of these 10 seeds; over seeds 1-100 TPE wins 82 (ties count as losses: the first 10 trials are shared)
        assertThat(wins).as(log.toString()).isGreaterThanOrEqualTo(8);
        assertThat(median(tpeBests) * 4).as(log.toString()).isLessThan(median(randomBests));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }

    private static final Map<String, Double> PENALTY = Map.of("relu", 1.0, "tanh", 0.0, "gelu", 2.0, "sigmoid", 3.0);

    private static double withActivation(Map<String, Object> h) {
        double x = (double) h.get("x");
        return x * x + PENALTY.get((String) h.get("model.activation"));
    }

    private static SearchSpace activationSpace() {
        Map<String, ParameterSpace> p = new LinkedHashMap<>();
        p.put("x", new Uniform(-3, 3));
        p.put("model.activation", new Choice(List.of("relu", "tanh", "gelu", "sigmoid")));
        return new SearchSpace(p);
    }

    @Test
    void aChoiceConvergesToTheBestValue() {
        int tpeBest = 0;
        int randomBest = 0;
        for (long seed = 1; seed <= 5; seed++) {
            List<TrialView> tpe = optimize(Searchers.create(activationSpace(), settings(SearcherType.TPE, 40, seed),
                    Direction.MINIMIZE), TpeSearcherTest::withActivation);
            List<TrialView> random = optimize(Searchers.create(activationSpace(),
                    settings(SearcherType.RANDOM, 40, seed), Direction.MINIMIZE), TpeSearcherTest::withActivation);
            tpeBest += tanhAmongTheLast20(tpe);
            randomBest += tanhAmongTheLast20(random);
        }
        // 72 of 100 here; a quarter (25) is what no learning gives
        assertThat(tpeBest).isGreaterThan(55).isGreaterThan(2 * randomBest);
    }

    private static int tanhAmongTheLast20(List<TrialView> trials) {
        return (int) trials.subList(20, 40).stream()
                .filter(t -> t.hyperparameters().get("model.activation").equals("tanh")).count();
    }

    private static TpeSearcher tpe(SearchSpace space, int maxTrials, long seed, int startup) {
        return (TpeSearcher) Searchers.create(space, new SearcherSettings(SearcherType.TPE, maxTrials, 1, seed, 0, 0,
                startup, 0), Direction.MINIMIZE);
    }

    @Test
    void theStartupTrialsAreTheRandomSearchersAndLaterOnesAreNot() {
        List<TrialView> tpe = optimize(tpe(bowlSpace(), 12, 3, 0), TpeSearcherTest::bowl);
        List<TrialView> random = optimize(Searchers.create(bowlSpace(), settings(SearcherType.RANDOM, 12, 3),
                Direction.MINIMIZE), TpeSearcherTest::bowl);
        for (int i = 0; i < 10; i++) {
            assertThat(tpe.get(i).hyperparameters()).isEqualTo(random.get(i).hyperparameters());
        }
        assertThat(tpe.get(10).hyperparameters().get("x")).isNotEqualTo(random.get(10).hyperparameters().get("x"));
        assertThat(tpe.get(11).hyperparameters().get("lr")).isNotEqualTo(random.get(11).hyperparameters().get("lr"));
        List<TrialView> short3 = optimize(tpe(bowlSpace(), 5, 3, 3), TpeSearcherTest::bowl);
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
        List<TrialView> trials = optimize(tpe(bowlSpace(), 15, 8, 0), TpeSearcherTest::bowl);
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

    /** Trials 1-20: the good ones (objective 0) have x near 0.9 and activation b, the bad ones x near 0.1 and a. */
    private static List<TrialView> separated() {
        List<TrialView> trials = new ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            boolean good = n % 10 == 0;
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("x", good ? 0.9 + n / 1000.0 : 0.1 + n / 1000.0);
            h.put("act", good ? "b" : "a");
            h.put("k", good ? 7 : 2);
            trials.add(new TrialView(n, h, TrialPhase.SUCCEEDED, null, good ? 0.0 : 1.0 + n));
        }
        return trials;
    }

    private static SearchSpace separatedSpace() {
        Map<String, ParameterSpace> p = new LinkedHashMap<>();
        p.put("x", new Uniform(0, 1));
        p.put("act", new Choice(List.of("a", "b", "c")));
        p.put("k", new IntRange(1, 8, false));
        return new SearchSpace(p);
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
    void integersStayIntegersInRangeConvergeAndDegenerateRangesGiveTheirValue() {
        Map<String, ParameterSpace> p = new LinkedHashMap<>();
        p.put("k", new IntRange(1, 100, true));
        p.put("j", new IntRange(-3, 3, false));
        p.put("fixed", new Uniform(0.25, 0.25));
        p.put("one", new IntRange(5, 5, false));
        SearchSpace space = new SearchSpace(p);
        ToDoubleFunction<Map<String, Object>> objective = h ->
                Math.abs(Math.log((int) h.get("k") / 20.0)) + Math.abs((int) h.get("j") - 2);
        long tpeTwos = 0;
        long randomTwos = 0;
        for (long seed = 1; seed <= 5; seed++) {
            List<TrialView> trials = optimize(tpe(space, 30, seed, 0), objective);
            for (TrialView t : trials) {
                assertThat(t.hyperparameters().get("k")).isInstanceOf(Integer.class);
                assertThat((int) t.hyperparameters().get("k")).isBetween(1, 100);
                assertThat((int) t.hyperparameters().get("j")).isBetween(-3, 3);
                assertThat(t.hyperparameters().get("fixed")).isEqualTo(0.25);
                assertThat(t.hyperparameters().get("one")).isEqualTo(5);
            }
            tpeTwos += twosAmongTheLast15(trials);
            randomTwos += twosAmongTheLast15(optimize(Searchers.create(space, settings(SearcherType.RANDOM, 30, seed),
                    Direction.MINIMIZE), objective));
        }
        // chance alone gives about 11 of 75
        assertThat(tpeTwos).isGreaterThan(2 * randomTwos).isGreaterThan(22);
    }

    private static long twosAmongTheLast15(List<TrialView> trials) {
        return trials.subList(15, 30).stream().filter(t -> (int) t.hyperparameters().get("j") == 2).count();
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
}
