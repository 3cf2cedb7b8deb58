package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FirstTrialTest {

    private static final SearchSpace SPACE = AutoSearchSpace.forDataset(300, 2, true, false);

    private static SearcherSettings settings(SearcherType type) {
        return new SearcherSettings(type, 5, 2, 7, 1, 3, 2, 9);
    }

    @Test
    void anAutoSpacesFirstTrialIsTheWrittenBaseSpecBroughtIntoTheRanges() {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("optimizer.learningRate", 0.5);      // above the small table's 1e-2: its upper end
        base.put("model.hidden", List.of(64));         // among the choices
        base.put("model.dropout", 0.7);                // above classification's 0.5: its upper end
        base.put("regularization.l2", 0.0);            // below 1e-5: its lower end
        base.put("training.batchSize", 1000);          // not among 16, 32 and 64: left to the draw
        base.put("model.activation", "tanh");
        Map<String, Object> first = FirstTrial.forAuto(SPACE, base);
        assertThat(first).containsExactly(Map.entry("optimizer.learningRate", 1e-2),
                Map.entry("model.hidden", List.of(64)), Map.entry("model.dropout", 0.5),
                Map.entry("regularization.l2", 1e-5), Map.entry("model.activation", "tanh"));
        assertThat(FirstTrial.problems(SPACE, first, SearcherType.TPE)).isEmpty();
    }

    @Test
    void whatTheBaseSpecLeavesOutTakesTheCentreOfItsRange() {
        Map<String, Object> first = FirstTrial.forAuto(SPACE, Map.of("model.dropout", 0.1));
        // a small table's rate, 1e-4 to 1e-2, and L2, 1e-5 to 1e-1, at their geometric means; the middle of six
        // layer shapes and of three batch sizes; relu, the first of the unordered activations
        assertThat(first).containsEntry("model.dropout", 0.1)
                .containsEntry("model.hidden", List.of(32)).containsEntry("training.batchSize", 32)
                .containsEntry("model.activation", "relu");
        assertThat((double) first.get("optimizer.learningRate")).isCloseTo(1e-3, within(1e-12));
        assertThat((double) first.get("regularization.l2")).isCloseTo(1e-3, within(1e-12));
        assertThat(FirstTrial.centre(new Uniform(0.0, 0.5))).contains(0.25);
        assertThat(FirstTrial.centre(new Choice(List.of()))).isEmpty();
        assertThat(FirstTrial.centre(new Choice(List.of(List.of("a"), List.of("b"), List.of("c"))))).as("not sizes")
                .contains(List.of("a"));
        assertThat(FirstTrial.centre(new GridValues(List.of(1, 2, 3)))).isEmpty();
        assertThat(FirstTrial.contains(new GridValues(List.of(1, 2, 3)), 1)).as("the first grid value").isTrue();
    }

    @Test
    void anIntegerRangeTakesTheBaseValueRoundedAndClamped() {
        SearchSpace space = new SearchSpace(Map.of("training.epochs", new IntRange(5, 50, false)));
        assertThat(FirstTrial.forAuto(space, Map.of("training.epochs", 100))).containsEntry("training.epochs", 50);
        assertThat(FirstTrial.forAuto(space, Map.of("training.epochs", 2))).containsEntry("training.epochs", 5);
        assertThat(FirstTrial.forAuto(space, Map.of("training.epochs", 7.4))).containsEntry("training.epochs", 7);
        assertThat(FirstTrial.forAuto(space, Map.of())).as("27.5, rounded").containsEntry("training.epochs", 28);
        SearchSpace log = new SearchSpace(Map.of("training.epochs", new IntRange(4, 100, true)));
        assertThat(FirstTrial.forAuto(log, Map.of())).as("the geometric mean").containsEntry("training.epochs", 20);
    }

    @Test
    void trialOneTakesTheGivenValuesAndEveryOtherTrialIsTheSearchersOwn() {
        Map<String, Object> given = Map.of("model.dropout", 0.25, "model.activation", "tanh");
        for (SearcherType type : List.of(SearcherType.RANDOM, SearcherType.TPE, SearcherType.ASHA)) {
            Searcher plain = Searchers.create(SPACE, settings(type), Direction.MINIMIZE);
            Searcher ahead = Searchers.create(SPACE, settings(type), Direction.MINIMIZE, given);
            Propose drawn = (Propose) plain.next(List.of());
            Propose first = (Propose) ahead.next(List.of());
            assertThat(first.hyperparameters()).as(type + ": the given values, the rest drawn")
                    .containsEntry("model.dropout", 0.25).containsEntry("model.activation", "tanh")
                    .containsEntry("optimizer.learningRate", drawn.hyperparameters().get("optimizer.learningRate"));
            assertThat(List.copyOf(first.hyperparameters().keySet())).as("in the space's order")
                    .isEqualTo(List.copyOf(SPACE.parameters().keySet()));
            assertThat(first.pauseAtEpoch()).as(type + ": ASHA's first rung kept").isEqualTo(drawn.pauseAtEpoch());
            List<TrialView> one = List.of(new TrialView(1, first.hyperparameters(), TrialPhase.RUNNING,
                    new TreeMap<>(), null));
            assertThat(ahead.next(one)).as(type + ": trial 2 as without a first trial").isEqualTo(plain.next(one));
        }
        Searcher none = Searchers.create(SPACE, settings(SearcherType.RANDOM), Direction.MINIMIZE, Map.of());
        assertThat(none).isInstanceOf(RandomSearcher.class);
    }

    @Test
    void pathsNotSearchedValuesOutsideAndAGridAreProblems() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("model.dropout", 0.9);
        first.put("optimizer.momentum", 0.5);
        first.put("model.hidden", List.of(7));
        first.put("optimizer.learningRate", "fast");
        assertThat(FirstTrial.problems(SPACE, first, SearcherType.RANDOM)).extracting(SpaceProblem::field)
                .containsExactly("searcher.firstTrial.model.dropout", "searcher.firstTrial.optimizer.momentum",
                        "searcher.firstTrial.model.hidden", "searcher.firstTrial.optimizer.learningRate");
        SearchSpace grid = new SearchSpace(Map.of("training.batchSize", new GridValues(List.of(16, 32))));
        assertThat(FirstTrial.problems(grid, Map.of("training.batchSize", 16), SearcherType.GRID))
                .extracting(SpaceProblem::field).containsExactly("searcher.firstTrial");
        assertThat(FirstTrial.problems(grid, Map.of(), SearcherType.GRID)).isEmpty();
    }

    @Test
    void containsFollowsEachParametersBounds() {
        assertThat(FirstTrial.contains(new Uniform(0, 0.5), 0.5)).isTrue();
        assertThat(FirstTrial.contains(new Uniform(0, 0.5), 0.0)).isTrue();
        assertThat(FirstTrial.contains(new Uniform(0, 0.5), 0.51)).isFalse();
        assertThat(FirstTrial.contains(new Uniform(0.1, 0.5), 0.09)).isFalse();
        assertThat(FirstTrial.contains(new LogUniform(1e-4, 1e-1), 1e-4)).isTrue();
        assertThat(FirstTrial.contains(new LogUniform(1e-4, 1e-1), 1e-1)).isTrue();
        assertThat(FirstTrial.contains(new LogUniform(1e-4, 1e-1), 0.2)).isFalse();
        assertThat(FirstTrial.contains(new LogUniform(1e-4, 1e-1), 1e-5)).isFalse();
        assertThat(FirstTrial.contains(new IntRange(2, 8, false), 2)).isTrue();
        assertThat(FirstTrial.contains(new IntRange(2, 8, false), 8L)).isTrue();
        assertThat(FirstTrial.contains(new IntRange(2, 8, false), 9)).isFalse();
        assertThat(FirstTrial.contains(new IntRange(2, 8, false), 1)).isFalse();
        assertThat(FirstTrial.contains(new IntRange(2, 8, false), 3.5)).isFalse();
        assertThat(FirstTrial.contains(new Choice(List.of(List.of(32), "x")), List.of(32L))).isTrue();
        assertThat(FirstTrial.contains(new GridValues(List.of(16, 32)), 32.0)).isTrue();
        assertThat(FirstTrial.contains(new GridValues(List.of(16, 32)), 64)).isFalse();
    }
}
