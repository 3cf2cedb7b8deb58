package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchersTest {

    private static final SearchSpace SPACE = new SearchSpace(Map.of("model.dropout", new Uniform(0, 0.5)));

    private static SearcherSettings settings(SearcherType type, int maxTrials, int concurrent, int minEpochs,
                                             int eta, int startup, int maxEpochs) {
        return new SearcherSettings(type, maxTrials, concurrent, 1, minEpochs, eta, startup, maxEpochs);
    }

    @Test
    void createsTheSearcherTheTypeNames() {
        assertThat(Searchers.create(SPACE, settings(SearcherType.RANDOM, 3, 1, 0, 0, 0, 0), Direction.MINIMIZE))
                .isInstanceOf(RandomSearcher.class);
        assertThat(Searchers.create(SPACE, settings(SearcherType.TPE, 3, 1, 0, 0, 0, 0), Direction.MINIMIZE))
                .isInstanceOf(TpeSearcher.class);
        assertThat(Searchers.create(SPACE, settings(SearcherType.ASHA, 3, 1, 0, 0, 0, 9), Direction.MINIMIZE))
                .isInstanceOf(AshaSearcher.class);
        assertThat(Searchers.create(new SearchSpace(Map.of("a", new GridValues(List.of(1)))),
                settings(SearcherType.GRID, 3, 1, 0, 0, 0, 0), Direction.MINIMIZE)).isInstanceOf(GridSearcher.class);
    }

    @Test
    void zerosMeanDefaults() {
        SearcherSettings d = settings(SearcherType.ASHA, 5, 2, 0, 0, 0, 27).withDefaults();
        assertThat(d).isEqualTo(new SearcherSettings(SearcherType.ASHA, 5, 2, 1, 1, 3, 10, 27));
        SearcherSettings given = settings(SearcherType.ASHA, 5, 2, 2, 4, 7, 27);
        assertThat(given.withDefaults()).isEqualTo(given);
        AshaSearcher asha = (AshaSearcher) Searchers.create(SPACE, settings(SearcherType.ASHA, 5, 2, 0, 0, 0, 27),
                Direction.MINIMIZE);
        assertThat(asha.rungs()).containsExactly(1, 3, 9, 27);
    }

    @Test
    void settingsOutOfBoundsAreProblemsWithTheirFields() {
        assertThat(Searchers.problems(SPACE, settings(SearcherType.RANDOM, 0, 0, 0, 0, 0, 0))).containsExactly(
                new SpaceProblem("searcher.maxTrials", "maxTrials is 0: give at least 1"),
                new SpaceProblem("searcher.maxConcurrentTrials", "maxConcurrentTrials is 0: give at least 1"));
        assertThat(Searchers.problems(SPACE, settings(SearcherType.ASHA, 1, 1, -1, 1, 0, 0))).containsExactly(
                new SpaceProblem("searcher.reductionFactor", "reductionFactor is 1: give 2 or more (each rung keeps "
                        + "the top 1/reductionFactor; 3 is usual)"),
                new SpaceProblem("searcher.minEpochs", "minEpochs is -1: give 1 or more epochs for the first rung"),
                new SpaceProblem("baseSpec.training.epochs", "asha needs the trials' epochs (the top rung) but it "
                        + "is 0: set baseSpec.training.epochs to 1 or more"));
        assertThat(Searchers.problems(SPACE, settings(SearcherType.ASHA, 1, 1, 10, 3, 0, 5))).containsExactly(
                new SpaceProblem("searcher.minEpochs", "minEpochs 10 is above the trials' epochs 5: lower minEpochs "
                        + "or raise baseSpec.training.epochs"));
        assertThat(Searchers.problems(SPACE, settings(SearcherType.ASHA, 1, 1, 5, 2, 0, 5))).isEmpty();
        assertThat(Searchers.problems(SPACE, settings(SearcherType.ASHA, 1, 1, 1, 2, 0, 1))).isEmpty();
        assertThat(Searchers.problems(SPACE, settings(SearcherType.TPE, 1, 1, 0, 0, -2, 0))).containsExactly(
                new SpaceProblem("searcher.startupTrials", "startupTrials is -2: give 1 or more random trials before "
                        + "the model takes over (default 10)"));
        assertThat(Searchers.problems(SPACE, settings(null, 1, 1, 0, 0, 0, 0))).containsExactly(
                new SpaceProblem("searcher.type", "give a searcher type: grid, random, asha or tpe"));
        // only asha needs epochs; only tpe has startup trials
        assertThat(Searchers.problems(SPACE, settings(SearcherType.RANDOM, 1, 1, -1, 1, -1, 0))).isEmpty();
    }

    @Test
    void spaceProblemsComeFirstAndStopCreation() {
        SearchSpace bad = new SearchSpace(Map.of("model.dropout", new Uniform(1, 0)));
        assertThat(Searchers.problems(bad, settings(SearcherType.RANDOM, 0, 1, 0, 0, 0, 0)))
                .extracting(SpaceProblem::field).containsExactly("searchSpace['model.dropout'].min",
                        "searcher.maxTrials");
        assertThatThrownBy(() -> Searchers.create(bad, settings(SearcherType.RANDOM, 3, 1, 0, 0, 0, 0),
                Direction.MINIMIZE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("searchSpace['model.dropout'].min");
    }

    @Test
    void aGridLargerThanMaxTrialsIsStillCreatedAndCapped() {
        SearchSpace grid = new SearchSpace(Map.of("a", new GridValues(List.of(1, 2, 3))));
        Searcher s = Searchers.create(grid, settings(SearcherType.GRID, 2, 1, 0, 0, 0, 0), Direction.MINIMIZE);
        assertThat(s.next(List.of())).isEqualTo(new Propose(Map.of("a", 1), null));
        assertThat(s.next(List.of(Trial.succeeded(1, 0), Trial.succeeded(2, 0)))).isInstanceOf(Complete.class);
    }
}
