package org.trainingservice.experiment;

import java.util.List;

/** A page of experiments, newest first; the same shape as every list of the API. */
record ExperimentPage(List<ExperimentView> items, int page, int size, long totalItems, int totalPages) {
}
