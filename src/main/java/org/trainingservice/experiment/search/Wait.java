package org.trainingservice.experiment.search;

/** Nothing to start now; ask again when a trial reports. */
record Wait() implements Decision {
}
