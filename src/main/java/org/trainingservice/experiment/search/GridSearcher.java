package org.trainingservice.experiment.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every combination of the grid and choice values, like nested loops over the keys in the user's order with the LAST
 * key varying fastest: for {@code {a: [1, 2], b: [x, y]}} the trials are (1,x), (1,y), (2,x), (2,y). Trial i gets
 * combination i - 1, so the order of results never matters. {@code maxTrials} caps the number proposed.
 */
final class GridSearcher implements Searcher {

    private final List<String> paths;
    private final List<List<Object>> values;
    private final long combinations;
    private final int maxTrials;

    GridSearcher(SearchSpace space, SearcherSettings settings) {
        this.paths = new ArrayList<>(space.parameters().keySet());
        this.values = space.parameters().values().stream().map(GridSearcher::valuesOf).toList();
        this.combinations = space.gridSize();
        this.maxTrials = settings.maxTrials();
    }

    static List<Object> valuesOf(ParameterSpace parameter) {
        if (parameter instanceof GridValues g) {
            return g.values();
        }
        if (parameter instanceof Choice c) {
            return c.values();
        }
        throw new IllegalArgumentException("the grid searcher takes only grid and choice parameters, not "
                + parameter.typeName());
    }

    @Override
    public Decision next(List<TrialView> trials) {
        int proposed = trials.size();
        if (proposed < combinations && proposed < maxTrials) {
            return new Propose(combination(proposed), null);
        }
        String reason = combinations <= maxTrials
                ? "all " + combinations + " grid combinations were tried"
                : "searcher.maxTrials " + maxTrials + " reached before the grid's " + combinations + " combinations";
        return Trials.waitOrComplete(trials, reason);
    }

    /** Combination number {@code index} (from 0): its digits in a mixed radix whose last place is the last key. */
    Map<String, Object> combination(long index) {
        Object[] chosen = new Object[paths.size()];
        long rest = index;
        for (int k = paths.size() - 1; k >= 0; k--) {
            int size = values.get(k).size();
            chosen[k] = values.get(k).get((int) (rest % size));
            rest /= size;
        }
        Map<String, Object> combination = new LinkedHashMap<>();
        for (int k = 0; k < paths.size(); k++) {
            combination.put(paths.get(k), chosen[k]);
        }
        return combination;
    }
}
