package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridSearcherTest {

    private static SearchSpace space() {
        Map<String, ParameterSpace> p = new LinkedHashMap<>();
        p.put("training.batchSize", new GridValues(List.of(16, 32)));
        p.put("model.activation", new Choice(List.of("relu", "tanh", "gelu")));
        p.put("model.hidden", new GridValues(List.of(List.of(32), List.of(64, 64))));
        return new SearchSpace(p);
    }

    private static Searcher grid(int maxTrials) {
        return Searchers.create(space(), new SearcherSettings(SearcherType.GRID, maxTrials, 2, 0, 0, 0, 0, 0),
                Direction.MINIMIZE);
    }

    private static List<Map<String, Object>> proposals(Searcher searcher) {
        List<TrialView> trials = new ArrayList<>();
        List<Map<String, Object>> proposals = new ArrayList<>();
        Decision d;
        while ((d = searcher.next(trials)) instanceof Propose p) {
            proposals.add(p.hyperparameters());
            assertThat(p.pauseAtEpoch()).isNull();
            trials = Trial.apply(trials, d);
            trials = Trial.replace(trials, Trial.succeeded(trials.size(), 0.5));
        }
        return proposals;
    }

    private static Map<String, Object> combo(int batch, String activation, List<Integer> hidden) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("training.batchSize", batch);
        m.put("model.activation", activation);
        m.put("model.hidden", hidden);
        return m;
    }

    @Test
    void everyCombinationInNestedLoopOrderWithTheLastKeyFastest() {
        List<Map<String, Object>> proposals = proposals(grid(12));
        List<Integer> one = List.of(32);
        List<Integer> two = List.of(64, 64);
        assertThat(proposals).containsExactly(
                combo(16, "relu", one), combo(16, "relu", two), combo(16, "tanh", one), combo(16, "tanh", two),
                combo(16, "gelu", one), combo(16, "gelu", two), combo(32, "relu", one), combo(32, "relu", two),
                combo(32, "tanh", one), combo(32, "tanh", two), combo(32, "gelu", one), combo(32, "gelu", two));
        assertThat(new ArrayList<>(proposals.get(0).keySet()))
                .containsExactly("training.batchSize", "model.activation", "model.hidden");
        assertThat(space().gridSize()).isEqualTo(12);
    }

    @Test
    void completesWhenAllAreProposedAndNoneIsActive() {
        Searcher searcher = grid(20);
        List<TrialView> trials = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            trials.add(Trial.succeeded(n, 1.0));
        }
        assertThat(searcher.next(trials)).isEqualTo(new Complete("all 12 grid combinations were tried"));
        trials.set(11, Trial.of(12, TrialPhase.RUNNING, null));
        assertThat(searcher.next(trials)).isEqualTo(new Wait());
        trials.set(11, Trial.of(12, TrialPhase.QUEUED, null));
        assertThat(searcher.next(trials)).isEqualTo(new Wait());
        trials.set(11, Trial.of(12, TrialPhase.FAILED, null));
        assertThat(searcher.next(trials)).isInstanceOf(Complete.class);
        trials.set(11, Trial.succeeded(12, 1.0));
        assertThat(grid(12).next(trials)).isEqualTo(new Complete("all 12 grid combinations were tried"));
    }

    @Test
    void maxTrialsCapsTheGridAndSaysSo() {
        List<Map<String, Object>> proposals = proposals(grid(5));
        assertThat(proposals).hasSize(5);
        assertThat(proposals.get(4)).isEqualTo(combo(16, "gelu", List.of(32)));
        List<TrialView> five = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            five.add(Trial.succeeded(n, 1.0));
        }
        assertThat(grid(5).next(five)).isEqualTo(
                new Complete("searcher.maxTrials 5 reached before the grid's 12 combinations"));
    }

    @Test
    void trialIGetsCombinationIWhateverTheEarlierTrialsDid() {
        List<TrialView> three = List.of(Trial.of(1, TrialPhase.FAILED, null), Trial.succeeded(2, 9),
                Trial.of(3, TrialPhase.RUNNING, null));
        assertThat(grid(12).next(three)).isEqualTo(new Propose(combo(16, "tanh", List.of(64, 64)), null));
    }

    @Test
    void budgetCheckNamesTheCombinationsAndTheFix() {
        SearcherSettings small = new SearcherSettings(SearcherType.GRID, 10, 2, 0, 0, 0, 0, 0);
        assertThat(Searchers.checkBudget(space(), small)).contains(new SpaceProblem("searcher.maxTrials",
                "grid has 12 combinations but searcher.maxTrials is 10: raise maxTrials to 12 or remove values"));
        assertThat(Searchers.checkBudget(space(), new SearcherSettings(SearcherType.GRID, 12, 2, 0, 0, 0, 0, 0)))
                .isEmpty();
        assertThat(Searchers.checkBudget(space(), new SearcherSettings(SearcherType.RANDOM, 10, 2, 0, 0, 0, 0, 0)))
                .isEmpty();
        Map<String, ParameterSpace> huge = new LinkedHashMap<>();
        List<Object> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            thousand.add(i);
        }
        for (int k = 0; k < 4; k++) {
            huge.put("p" + k, new GridValues(thousand));
        }
        assertThat(Searchers.checkBudget(new SearchSpace(huge), small)).contains(new SpaceProblem(
                "searcher.maxTrials", "grid has 1000000000000 combinations, more than searcher.maxTrials can be "
                + "(2147483647): remove values"));
    }

    @Test
    void aRangeInAGridSpaceIsAProblemThatSaysToUseGridOrChoice() {
        Map<String, ParameterSpace> p = new LinkedHashMap<>();
        p.put("model.dropout", new Uniform(0, 0.5));
        p.put("training.batchSize", new GridValues(List.of(8)));
        p.put("training.epochs", new IntRange(1, 5, false));
        SearchSpace space = new SearchSpace(p);
        SearcherSettings settings = new SearcherSettings(SearcherType.GRID, 10, 1, 0, 0, 0, 0, 0);
        assertThat(Searchers.problems(space, settings)).containsExactly(
                new SpaceProblem("searchSpace['model.dropout'].type", "the grid searcher tries listed values only, "
                        + "and uniform is a range: use {\"type\": \"grid\", \"values\": [...]} (or choice), or the "
                        + "random, asha or tpe searcher"),
                new SpaceProblem("searchSpace['training.epochs'].type", "the grid searcher tries listed values only, "
                        + "and int is a range: use {\"type\": \"grid\", \"values\": [...]} (or choice), or the "
                        + "random, asha or tpe searcher"));
        assertThat(Searchers.problems(space, new SearcherSettings(SearcherType.RANDOM, 10, 1, 0, 0, 0, 0, 0)))
                .isEmpty();
    }
}
