package org.trainingservice.dataset;

/** A dataset's schema and its encoded matrix. */
public record EncodedDataset(DatasetSchema schema, DatasetMatrix matrix) {
}
