package org.trainingservice.dataset;

import java.util.List;

/** A CSV file as text cells: the header and the data rows, all of the header's width. */
record CsvTable(List<String> header, List<String[]> rows, char delimiter) {
}
