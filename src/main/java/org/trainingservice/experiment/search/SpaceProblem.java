package org.trainingservice.experiment.search;

/** One thing wrong with a search space or searcher: the JSON path of the field and what to do about it. */
public record SpaceProblem(String field, String message) {
}
