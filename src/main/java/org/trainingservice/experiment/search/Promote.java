package org.trainingservice.experiment.search;

/**
 * Resume the PAUSED trial {@code trialNumber} from its checkpoint.
 *
 * @param pauseAtEpoch pause again after this epoch (the next rung); null: train to the end
 */
public record Promote(int trialNumber, Integer pauseAtEpoch) implements Decision {
}
