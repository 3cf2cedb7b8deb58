package org.trainingservice.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import org.trainingservice.training.spec.Task;

/**
 * The parsed shape of a dataset and how raw values become model inputs: kept with the dataset, applied again when a
 * job loads it and when a trained model predicts.
 *
 * @param rows rows kept (rows whose target is missing are dropped and counted in {@code droppedRows})
 * @param featureNames the encoded features in model order (a categorical column gives one per category)
 * @param classes class labels in model order (classification), as the file spells them
 * @param imageShape {@code [channels, height, width]} for images
 * @param decimalComma the columns read as numbers written with a decimal comma (a ';'-separated file)
 * @param warnings what the upload assumed or noticed (see {@link UploadWarnings})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Schema and statistics of a dataset")
public record DatasetSchema(String format, Task task, String target, int rows, int droppedRows, String delimiter,
                            int features, List<String> featureNames, List<ColumnSummary> columns, List<String> classes,
                            Map<String, Integer> classBalance, List<Integer> imageShape,
                            List<ColumnSummary> leftOut,
                            @Schema(description = "columns whose numbers were written with a decimal comma (5,1) and "
                                    + "read as numbers") List<String> decimalComma,
                            @Schema(description = "what the upload assumed or noticed that may not be what the file "
                                    + "meant; the data was stored as described") List<DatasetWarning> warnings) {

    /**
     * A CSV upload's schema: the delimiter and every column's summary (those left out listed again in
     * {@code leftOut}); classes and their counts for classification (null for regression).
     */
    static DatasetSchema csv(Task task, String target, int rows, int droppedRows, char delimiter,
                             List<String> featureNames, List<ColumnSummary> columns, List<String> classes,
                             Map<String, Integer> classBalance, List<ColumnSummary> leftOut) {
        return new DatasetSchema("csv", task, target, rows, droppedRows, String.valueOf(delimiter), featureNames.size(),
                List.copyOf(featureNames), List.copyOf(columns), classes, classBalance, null, List.copyOf(leftOut),
                null, null);
    }

    /** A built-in generator's data: numeric features only, the target {@code y}, classes for classification. */
    static DatasetSchema generated(String generator, Task task, int rows, List<String> featureNames,
                                   List<ColumnSummary> columns, List<String> classes) {
        return new DatasetSchema("builtin:" + generator, task, "y", rows, 0, null, featureNames.size(), featureNames,
                columns, classes, null, null, List.of(), null, null);
    }

    /** IDX images with labels: a classification of {@code [channels, height, width]} images, one feature per pixel. */
    static DatasetSchema images(int rows, List<String> featureNames, List<String> classes,
                                Map<String, Integer> classBalance, List<Integer> imageShape) {
        return new DatasetSchema("idx", Task.CLASSIFICATION, "label", rows, 0, null, featureNames.size(),
                List.copyOf(featureNames), null, classes, classBalance, imageShape, List.of(), null, null);
    }

    /** The same schema with these warnings (none: the field is left out). */
    public DatasetSchema withWarnings(List<DatasetWarning> found) {
        return new DatasetSchema(format, task, target, rows, droppedRows, delimiter, features, featureNames, columns,
                classes, classBalance, imageShape, leftOut, decimalComma, found.isEmpty() ? null : List.copyOf(found));
    }

    /** The same schema, recording the columns read with a decimal comma (none: the field is left out). */
    DatasetSchema withDecimalComma(List<String> read) {
        return new DatasetSchema(format, task, target, rows, droppedRows, delimiter, features, featureNames, columns,
                classes, classBalance, imageShape, leftOut, read.isEmpty() ? null : List.copyOf(read), warnings);
    }
}
