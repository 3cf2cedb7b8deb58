package org.trainingservice.experiment.search;

/**
 * Nothing more will be proposed or promoted; paused trials are then pruned by the caller.
 *
 * @param reason a sentence for the experiment's status message
 */
public record Complete(String reason) implements Decision {
}
