package org.trainingservice.dataset;

import java.util.List;

/** One page of datasets, newest first. */
record DatasetPage(List<DatasetView> items, int page, int size, long totalItems, int totalPages) {
}
