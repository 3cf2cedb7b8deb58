package org.trainingservice.inference;

import org.trainingservice.dataset.DatasetSchema;
import org.trainingservice.training.TrainedModel;

/** A finished job's model as stored: the trained networks and how raw instances are encoded for them. */
public record StoredModel(TrainedModel model, DatasetSchema encoding) {
}
