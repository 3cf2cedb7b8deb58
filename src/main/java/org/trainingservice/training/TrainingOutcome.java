package org.trainingservice.training;

/** A finished job: the result to report and the model to keep. */
public record TrainingOutcome(TrainingResult result, TrainedModel model) {
}
