package org.trainingservice.experiment.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A searcher's view of one trial, rebuilt by the caller from the trial rows on every call (searchers keep no state).
 *
 * @param number          1 for the first trial proposed, then 2, 3, ...
 * @param hyperparameters the proposed values, keyed by search-space path
 * @param rungValues      epoch to the objective reported when the trial paused there (ASHA); a value counts even if
 *                        the trial later failed
 * @param objective       the final objective once SUCCEEDED, or the last rung's value once PRUNED; else null
 */
public record TrialView(int number, Map<String, Object> hyperparameters, TrialPhase phase,
                        SortedMap<Integer, Double> rungValues, Double objective) {
    public TrialView {
        hyperparameters = hyperparameters == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
        rungValues = Collections.unmodifiableSortedMap(rungValues == null ? new TreeMap<>() : new TreeMap<>(rungValues));
    }

    /** The epoch of the highest rung this trial reported at, or 0 when it reported at none. */
    public int highestRung() {
        return rungValues.isEmpty() ? 0 : rungValues.lastKey();
    }

    /** The objective as a usable number: present and not NaN. */
    boolean hasObjective() {
        return objective != null && !objective.isNaN();
    }
}
