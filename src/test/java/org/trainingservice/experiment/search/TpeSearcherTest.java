package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainingservice.experiment.search.TpeFixtures.best;
import static org.trainingservice.experiment.search.TpeFixtures.bowlSpace;
import static org.trainingservice.experiment.search.TpeFixtures.optimize;
import static org.trainingservice.experiment.search.TpeFixtures.settings;
import static org.trainingservice.experiment.search.TpeFixtures.tpe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** TPE against random search on objectives with a known optimum. */
class TpeSearcherTest {

    @Test
    void tpeBeatsRandomSearchOnAShiftedBowlInAtLeast8Of10Seeds() {
        int wins = 0;
        List<Double> tpeBests = new ArrayList<>();
        List<Double> randomBests = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        for (long seed = 1; seed <= 10; seed++) {
            double tpe = best(optimize(Searchers.create(bowlSpace(), settings(SearcherType.TPE, 40, seed),
                    Direction.MINIMIZE), TpeFixtures::bowl));
            double random = best(optimize(Searchers.create(bowlSpace(), settings(SearcherType.RANDOM, 40, seed),
                    Direction.MINIMIZE), TpeFixtures::bowl));
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

    @Test
    void integersStayIntegersInRangeConvergeAndDegenerateRangesGiveTheirValue() {
        Map<String, ParameterSpace> p = new LinkedHashMap<>();
        p.put("k", new IntRange(1, 100, true));
        p.put("j", new IntRange(-3, 3, false));
        p.put("fixed", new Uniform(0.25, 0.25));
        p.put("one", new IntRange(5, 5, false));
        SearchSpace space = new SearchSpace(p);
        ToDoubleFunction<Map<String, Object>> objective = h ->
                Math.abs(Math.log((int) h.get("k") / 20.0)) + Math.abs((int) h.get("j") + 2);
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
        // chance alone gives about 11 of 75 (the best j is below 0, so the range's own min must be used)
        assertThat(tpeTwos).isGreaterThan(2 * randomTwos).isGreaterThan(22);
    }

    private static long twosAmongTheLast15(List<TrialView> trials) {
        return trials.subList(15, 30).stream().filter(t -> (int) t.hyperparameters().get("j") == -2).count();
    }
}
