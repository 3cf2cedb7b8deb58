package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    private static SearchSpace of(String path, ParameterSpace p) {
        Map<String, ParameterSpace> m = new LinkedHashMap<>();
        m.put(path, p);
        return new SearchSpace(m);
    }

    @Test
    void aValidSpaceHasNoProblems() {
        Map<String, ParameterSpace> m = new LinkedHashMap<>();
        m.put("a", new Uniform(0, 0));
        m.put("b", new LogUniform(1e-5, 1e-5));
        m.put("c", new IntRange(-3, 3, false));
        m.put("d", new IntRange(1, 1, true));
        m.put("e", new Choice(List.of(1)));
        m.put("f", new GridValues(List.of("x")));
        assertThat(new SearchSpace(m).problems()).isEmpty();
    }

    @Test
    void eachProblemNamesItsFieldAndTheFix() {
        assertThat(of("optimizer.learningRate", new Uniform(0.5, 0.1)).problems()).containsExactly(new SpaceProblem(
                "searchSpace['optimizer.learningRate'].min", "uniform min 0.5 is greater than max 0.1: swap them so "
                + "that min <= max"));
        assertThat(of("optimizer.learningRate", new LogUniform(0, 0.1)).problems()).containsExactly(new SpaceProblem(
                "searchSpace['optimizer.learningRate'].min", "loguniform needs min > 0 (its scale is logarithmic) "
                + "but min is 0: use a small positive number such as 1e-6, or uniform for a range that includes 0"));
        assertThat(of("r", new LogUniform(-1, -2)).problems()).extracting(SpaceProblem::message).containsExactly(
                "loguniform min -1 is greater than max -2: swap them so that min <= max",
                "loguniform needs min > 0 (its scale is logarithmic) but min is -1: use a small positive number "
                        + "such as 1e-6, or uniform for a range that includes 0");
        assertThat(of("training.batchSize", new IntRange(0, 64, true)).problems()).containsExactly(new SpaceProblem(
                "searchSpace['training.batchSize'].min", "int with log: true needs min >= 1 but min is 0: raise min "
                + "to 1 or set log to false"));
        assertThat(of("training.batchSize", new IntRange(0, 64, false)).problems()).isEmpty();
        assertThat(of("training.batchSize", new IntRange(65, 64, false)).problems()).containsExactly(new SpaceProblem(
                "searchSpace['training.batchSize'].min", "int min 65 is greater than max 64: swap them so that "
                + "min <= max"));
        assertThat(of("model.hidden", new Choice(List.of())).problems()).containsExactly(new SpaceProblem(
                "searchSpace['model.hidden'].values", "choice needs at least one value in values, e.g. "
                + "\"values\": [32, 64]"));
        assertThat(of("model.hidden", new GridValues(null)).problems()).containsExactly(new SpaceProblem(
                "searchSpace['model.hidden'].values", "grid needs at least one value in values, e.g. "
                + "\"values\": [32, 64]"));
        assertThat(of("x", new Uniform(Double.NaN, 1)).problems()).containsExactly(new SpaceProblem(
                "searchSpace['x']", "uniform needs finite numbers for min and max, got min NaN and max 1"));
        assertThat(of("x", new Uniform(0, Double.POSITIVE_INFINITY)).problems()).hasSize(1);
        assertThat(of("x", null).problems()).containsExactly(new SpaceProblem("searchSpace['x']",
                "give a parameter object with a type: choice, grid, uniform, loguniform or int"));
        assertThat(of(" ", new Uniform(0, 1)).problems()).containsExactly(new SpaceProblem("searchSpace",
                "a key is blank: name a job-spec path such as 'optimizer.learningRate'"));
        assertThat(new SearchSpace(null).problems()).containsExactly(new SpaceProblem("searchSpace",
                "give at least one parameter to search, e.g. {\"optimizer.learningRate\": {\"type\": \"loguniform\", "
                + "\"min\": 0.0001, \"max\": 0.1}}"));
    }

    @Test
    void problemsOfSeveralParametersComeInKeyOrder() {
        Map<String, ParameterSpace> m = new LinkedHashMap<>();
        m.put("z", new Uniform(2, 1));
        m.put("a", new Choice(List.of()));
        assertThat(new SearchSpace(m).problems()).extracting(SpaceProblem::field)
                .containsExactly("searchSpace['z'].min", "searchSpace['a'].values");
    }

    @Test
    void gridSizeIsTheProductOfTheValueCountsIgnoringRanges() {
        Map<String, ParameterSpace> m = new LinkedHashMap<>();
        m.put("a", new Choice(List.of(1, 2, 3)));
        m.put("b", new Uniform(0, 1));
        m.put("c", new GridValues(List.of("x", "y")));
        m.put("d", new Choice(List.of(List.of(1), List.of(2), List.of(3), List.of(4))));
        assertThat(new SearchSpace(m).gridSize()).isEqualTo(24);
        assertThat(of("b", new Uniform(0, 1)).gridSize()).isEqualTo(1);
        m.put("e", new Choice(List.of()));
        assertThat(new SearchSpace(m).gridSize()).isZero();
    }

    @Test
    void gridSizeSaturatesInsteadOfOverflowing() {
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            many.add(i);
        }
        Map<String, ParameterSpace> m = new LinkedHashMap<>();
        for (int k = 0; k < 4; k++) {
            m.put("p" + k, new GridValues(many));
        }
        assertThat(new SearchSpace(m).gridSize()).isEqualTo(Long.MAX_VALUE);
        m.remove("p3");
        assertThat(new SearchSpace(m).gridSize()).isEqualTo(1_000_000_000_000_000L);
    }

    @Test
    void theSpaceKeepsTheUsersKeyOrderAndCannotBeChangedFromOutside() {
        Map<String, ParameterSpace> m = new LinkedHashMap<>();
        m.put("z", new Uniform(0, 1));
        m.put("a", new Uniform(0, 1));
        m.put("m", new Uniform(0, 1));
        SearchSpace space = new SearchSpace(m);
        m.put("b", new Uniform(0, 1));
        assertThat(new ArrayList<>(space.parameters().keySet())).containsExactly("z", "a", "m");
        assertThatThrownBy(() -> space.parameters().put("q", new Uniform(0, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void choicesKeepNullValuesAndAreCopies() {
        List<Object> values = new ArrayList<>(Arrays.asList(1, null));
        Choice c = new Choice(values);
        values.add(3);
        assertThat(c.values()).containsExactly(1, null);
        assertThat(new Choice(null).values()).isEmpty();
        assertThat(c.typeName()).isEqualTo("choice");
        assertThat(new GridValues(List.of()).typeName()).isEqualTo("grid");
        assertThat(new Uniform(0, 1).typeName()).isEqualTo("uniform");
        assertThat(new LogUniform(1, 2).typeName()).isEqualTo("loguniform");
        assertThat(new IntRange(1, 2, false).typeName()).isEqualTo("int");
    }

    @Test
    void trialViewsAndProposalsCopyTheirMaps() {
        Map<String, Object> h = new HashMap<>();
        h.put("a", 1);
        TrialView t = new TrialView(1, h, TrialPhase.PAUSED, null, null);
        h.put("b", 2);
        assertThat(t.hyperparameters()).containsOnlyKeys("a");
        assertThat(t.rungValues()).isEmpty();
        assertThat(t.highestRung()).isZero();
        assertThat(new TrialView(1, null, TrialPhase.PAUSED, new java.util.TreeMap<>(Map.of(3, 0.1, 9, 0.2)), null)
                .highestRung()).isEqualTo(9);
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("z", null);
        withNull.put("a", 1);
        assertThat(new ArrayList<>(new Propose(withNull, null).hyperparameters().keySet())).containsExactly("z", "a");
    }

    @Test
    void phasesSayWhichAreActiveAndWhichFinished() {
        assertThat(Arrays.stream(TrialPhase.values()).filter(TrialPhase::isActive))
                .containsExactly(TrialPhase.QUEUED, TrialPhase.RUNNING);
        assertThat(Arrays.stream(TrialPhase.values()).filter(TrialPhase::isFinished)).containsExactly(
                TrialPhase.SUCCEEDED, TrialPhase.PRUNED, TrialPhase.FAILED, TrialPhase.CANCELLED);
        assertThat(Direction.MINIMIZE.isBetter(1, 2)).isTrue();
        assertThat(Direction.MINIMIZE.isBetter(2, 2)).isFalse();
        assertThat(Direction.MAXIMIZE.isBetter(2, 1)).isTrue();
        assertThat(Direction.MAXIMIZE.isBetter(1, 2)).isFalse();
    }
}
