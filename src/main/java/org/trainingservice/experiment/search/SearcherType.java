package org.trainingservice.experiment.search;

/** Which algorithm proposes the trials of an experiment. */
public enum SearcherType {
    GRID, RANDOM, ASHA, TPE
}
