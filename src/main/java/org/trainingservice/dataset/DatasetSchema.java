package org.trainingservice.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The parsed shape of a dataset and how raw values become model inputs: kept with the dataset, applied again when a
 * job loads it and when a trained model predicts.
 *
 * @param rows rows kept (rows whose target is missing are dropped and counted in {@code droppedRows})
 * @param featureNames the encoded features in model order (a categorical column gives one per category)
 * @param classes class labels in model order (classification), as the file spells them
 * @param imageShape {@code [channels, height, width]} for images
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Schema and statistics of a dataset")
public record DatasetSchema(String format, String task, String target, int rows, int droppedRows, String delimiter,
                            int features, List<String> featureNames, List<ColumnSummary> columns, List<String> classes,
                            Map<String, Integer> classBalance, List<Integer> imageShape,
                            List<ColumnSummary> leftOut) {
}
