package org.trainingservice.experiment.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Start trial number {@code trials.size() + 1} with these hyperparameters (keyed by search-space path, in the space's
 * key order).
 *
 * @param pauseAtEpoch checkpoint and pause the trial after this epoch (ASHA's first rung); null: train to the end
 */
public record Propose(Map<String, Object> hyperparameters, Integer pauseAtEpoch) implements Decision {
    public Propose {
        // not Map.copyOf: it would lose the key order and refuse a JSON null chosen from a choice
        hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
    }
}
