package org.trainingservice.training;

/** Row indices of the training, validation and test splits. */
record SplitIndices(int[] train, int[] validation, int[] test) {
}
