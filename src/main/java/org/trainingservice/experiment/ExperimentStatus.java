package org.trainingservice.experiment;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * An experiment's states and the moves between them: {@code RUNNING -> SUCCEEDED | FAILED},
 * {@code RUNNING -> CANCELLING -> CANCELLED}.
 */
enum ExperimentStatus {
    RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED;

    private static final Map<ExperimentStatus, Set<ExperimentStatus>> ALLOWED = new EnumMap<>(Map.of(
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLING),
            CANCELLING, EnumSet.of(CANCELLED),
            SUCCEEDED, EnumSet.noneOf(ExperimentStatus.class),
            FAILED, EnumSet.noneOf(ExperimentStatus.class),
            CANCELLED, EnumSet.noneOf(ExperimentStatus.class)));

    /** The states in which the advancer still works on an experiment. */
    public static final Set<ExperimentStatus> ACTIVE = Collections.unmodifiableSet(EnumSet.of(RUNNING, CANCELLING));

    public boolean canMoveTo(ExperimentStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    public boolean isFinal() {
        return ALLOWED.get(this).isEmpty();
    }
}
