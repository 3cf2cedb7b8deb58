package org.trainingservice.experiment.search;

/** Whether a lower or a higher objective is better. */
public enum Direction {
    MINIMIZE, MAXIMIZE;

    /** The objective turned into a loss: lower is better whatever the direction. */
    double loss(double objective) {
        return this == MINIMIZE ? objective : -objective;
    }

    /** Whether {@code candidate} is strictly better than {@code incumbent}. */
    public boolean isBetter(double candidate, double incumbent) {
        return loss(candidate) < loss(incumbent);
    }
}
