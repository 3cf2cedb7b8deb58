package org.trainingservice.experiment.search;

import java.util.List;

/**
 * Decides the next step of an experiment from its trials alone. Implementations keep no state and are deterministic:
 * the same list (in any order) gives the same decision, so any node can advance any experiment.
 */
public interface Searcher {
    Decision next(List<TrialView> trials);
}
