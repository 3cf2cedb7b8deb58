package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Objectives, spaces and a sequential optimization loop shared by the TPE tests. */
final class TpeFixtures {

    private TpeFixtures() {
    }

    /** A shifted quadratic bowl over a linear and a log-scaled axis: minimum 0 at x = 1.3, lr = 0.01. */
    static double bowl(Map<String, Object> h) {
        double x = (double) h.get("x");
        double lr = (double) h.get("lr");
        return Math.pow(x - 1.3, 2) + Math.pow(Math.log10(lr) + 2, 2);
    }

    static SearchSpace bowlSpace() {
        Map<String, ParameterSpace> p = new LinkedHashMap<>();
        p.put("x", new Uniform(-10, 10));
        p.put("lr", new LogUniform(1e-6, 1));
        return new SearchSpace(p);
    }

    static SearcherSettings settings(SearcherType type, int maxTrials, long seed) {
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

    static TpeSearcher tpe(SearchSpace space, int maxTrials, long seed, int startup) {
        return (TpeSearcher) Searchers.create(space, new SearcherSettings(SearcherType.TPE, maxTrials, 1, seed, 0, 0,
                startup, 0), Direction.MINIMIZE);
    }

    /** Trials 1-20: the good ones (objective 0) have x near 0.9 and activation b, the bad ones x near 0.1 and a. */
    static List<TrialView> separated() {
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

    static SearchSpace separatedSpace() {
        Map<String, ParameterSpace> p = new LinkedHashMap<>();
        p.put("x", new Uniform(0, 1));
        p.put("act", new Choice(List.of("a", "b", "c")));
        p.put("k", new IntRange(1, 8, false));
        return new SearchSpace(p);
    }
}
