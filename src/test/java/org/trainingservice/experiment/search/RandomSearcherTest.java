package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RandomSearcherTest {

    private static SearchSpace space() {
        Map<String, ParameterSpace> p = new LinkedHashMap<>();
        p.put("optimizer.learningRate", new LogUniform(1e-4, 1e-1));
        p.put("model.dropout", new Uniform(0.1, 0.5));
        p.put("training.batchSize", new IntRange(8, 12, false));
        p.put("model.hidden", new Choice(List.of(List.of(32), List.of(64, 64))));
        return new SearchSpace(p);
    }

    private static Searcher random(long seed, int maxTrials) {
        return Searchers.create(space(), new SearcherSettings(SearcherType.RANDOM, maxTrials, 2, seed, 0, 0, 0, 0),
                Direction.MINIMIZE);
    }

    private static List<Map<String, Object>> run(Searcher searcher, int count) {
        List<TrialView> trials = new ArrayList<>();
        List<Map<String, Object>> proposals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Propose p = (Propose) searcher.next(trials);
            proposals.add(p.hyperparameters());
            trials = Trial.apply(trials, p);
        }
        return proposals;
    }

    @Test
    void theSameSeedProposesTheSameAndAnotherSeedOtherwise() {
        List<Map<String, Object>> a = run(random(42, 10), 10);
        assertThat(run(random(42, 10), 10)).isEqualTo(a);
        List<Map<String, Object>> b = run(random(43, 10), 10);
        for (int i = 0; i < 10; i++) {
            assertThat(b.get(i).get("optimizer.learningRate")).isNotEqualTo(a.get(i).get("optimizer.learningRate"));
            assertThat(b.get(i).get("model.dropout")).isNotEqualTo(a.get(i).get("model.dropout"));
        }
        assertThat(a.get(0)).isNotEqualTo(a.get(1));
        assertThat(new ArrayList<>(a.get(0).keySet())).containsExactly("optimizer.learningRate", "model.dropout",
                "training.batchSize", "model.hidden");
    }

    @Test
    void trialIsProposalDependsOnlyOnSeedAndNumberNotOnEarlierResults() {
        List<Map<String, Object>> a = run(random(5, 10), 4);
        List<TrialView> others = List.of(
                new TrialView(3, Map.of(), TrialPhase.FAILED, new TreeMap<>(), null),
                new TrialView(1, Map.of(), TrialPhase.SUCCEEDED, new TreeMap<>(), 0.9),
                new TrialView(2, Map.of(), TrialPhase.RUNNING, new TreeMap<>(), null));
        assertThat(((Propose) random(5, 10).next(others)).hyperparameters()).isEqualTo(a.get(3));
    }

    @Test
    void proposalsAreTheSeededStreamOfTheirTrialNumber() {
        SplittableRandom stream = RandomSampling.streamFor(42, 3, 0);
        double lr = Math.exp(Math.log(1e-4) + (Math.log(1e-1) - Math.log(1e-4)) * stream.nextDouble());
        double dropout = 0.1 + 0.4 * stream.nextDouble();
        int batch = (int) stream.nextLong(8, 13);
        Object hidden = List.of(List.of(32), List.of(64, 64)).get(stream.nextInt(2));
        Map<String, Object> third = run(random(42, 10), 3).get(2);
        assertThat((double) third.get("optimizer.learningRate")).isCloseTo(lr, within(1e-15));
        assertThat(third.get("model.dropout")).isEqualTo(dropout);
        assertThat(third.get("training.batchSize")).isEqualTo(batch);
        assertThat(third.get("model.hidden")).isEqualTo(hidden);
    }

    @Test
    void drawsCoverEachRangeAsItsScaleSays() {
        List<Map<String, Object>> draws = run(random(1, 4000), 4000);
        int belowGeometricMean = 0;
        int lowQuarterDropout = 0;
        Map<Object, Integer> batches = new TreeMap<>();
        int twoLayers = 0;
        for (Map<String, Object> d : draws) {
            double lr = (double) d.get("optimizer.learningRate");
            double dropout = (double) d.get("model.dropout");
            assertThat(lr).isBetween(1e-4, 1e-1);
            assertThat(dropout).isBetween(0.1, 0.5);
            belowGeometricMean += lr < Math.sqrt(1e-4 * 1e-1) ? 1 : 0;
            lowQuarterDropout += dropout < 0.2 ? 1 : 0;
            batches.merge(d.get("training.batchSize"), 1, Integer::sum);
            twoLayers += d.get("model.hidden").equals(List.of(64, 64)) ? 1 : 0;
        }
        // log scale: half the draws below the geometric mean (a linear scale would put 0.03% there)
        assertThat(belowGeometricMean / 4000.0).isCloseTo(0.5, within(0.03));
        assertThat(lowQuarterDropout / 4000.0).isCloseTo(0.25, within(0.03));
        assertThat(batches.keySet()).containsExactly(8, 9, 10, 11, 12);
        batches.values().forEach(count -> assertThat(count / 4000.0).isCloseTo(0.2, within(0.03)));
        assertThat(twoLayers / 4000.0).isCloseTo(0.5, within(0.03));
    }

    @Test
    void logIntegersReachBothEndsAndFavourSmallValues() {
        SplittableRandom random = new SplittableRandom(3);
        IntRange range = new IntRange(1, 100, true);
        int[] counts = new int[101];
        for (int i = 0; i < 20000; i++) {
            counts[(int) RandomSampling.sample(range, random)]++;
        }
        assertThat(counts[0]).isZero();
        assertThat(counts[1]).isPositive();
        assertThat(counts[100]).isPositive();
        // each integer owns [k - 0.5, k + 0.5] on the log scale of [0.5, 100.5]
        double p1 = Math.log(1.5 / 0.5) / Math.log(100.5 / 0.5);
        assertThat(counts[1] / 20000.0).isCloseTo(p1, within(0.015));
        int belowTen = 0;
        for (int k = 1; k < 10; k++) {
            belowTen += counts[k];
        }
        assertThat(belowTen / 20000.0).isCloseTo(Math.log(9.5 / 0.5) / Math.log(100.5 / 0.5), within(0.015));
    }

    @Test
    void degenerateRangesGiveTheirOnlyValue() {
        SplittableRandom random = new SplittableRandom(1);
        assertThat(RandomSampling.sample(new Uniform(0.3, 0.3), random)).isEqualTo(0.3);
        assertThat(RandomSampling.sample(new LogUniform(0.01, 0.01), random)).isEqualTo(0.01);
        assertThat(RandomSampling.sample(new IntRange(4, 4, false), random)).isEqualTo(4);
        assertThat(RandomSampling.sample(new IntRange(4, 4, true), random)).isEqualTo(4);
        assertThat(RandomSampling.sample(new GridValues(List.of("only")), random)).isEqualTo("only");
    }

    @Test
    void completesAfterMaxTrialsOnceNoneIsActive() {
        Searcher searcher = random(1, 2);
        List<TrialView> trials = List.of(Trial.succeeded(1, 0.4), Trial.of(2, TrialPhase.RUNNING, null));
        assertThat(searcher.next(trials)).isEqualTo(new Wait());
        List<TrialView> done = List.of(Trial.succeeded(1, 0.4), Trial.of(2, TrialPhase.CANCELLED, null));
        assertThat(searcher.next(done)).isEqualTo(new Complete("all 2 trials (searcher.maxTrials) were proposed"));
        assertThat(searcher.next(List.of(Trial.succeeded(1, 0.4)))).isInstanceOf(Propose.class);
    }

    @Test
    void streamsDifferBySeedNumberAndSalt() {
        long a = RandomSampling.streamFor(1, 1, 0).nextLong();
        assertThat(RandomSampling.streamFor(1, 1, 0).nextLong()).isEqualTo(a);
        assertThat(RandomSampling.streamFor(2, 1, 0).nextLong()).isNotEqualTo(a);
        assertThat(RandomSampling.streamFor(1, 2, 0).nextLong()).isNotEqualTo(a);
        assertThat(RandomSampling.streamFor(1, 1, 1).nextLong()).isNotEqualTo(a);
        assertThat(RandomSampling.streamFor(0, 2, 0).nextLong()).isNotEqualTo(RandomSampling.streamFor(1, 1, 0)
                .nextLong());
    }
}
