package org.trainingservice.inference;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.trainingservice.common.FieldProblem;
import org.trainingservice.common.InvalidRequestException;
import org.trainingservice.dataset.ColumnRole;
import org.trainingservice.dataset.ColumnSummary;
import org.trainingservice.dataset.ColumnType;
import org.trainingservice.dataset.CsvEncoder;
import org.trainingservice.dataset.DatasetSchema;
import org.trainingservice.dataset.RowEncoder;
import org.trainingservice.training.Preprocessing;

/**
 * Turns raw instances into model inputs exactly as training did: the dataset's encoding (numbers, one-hot categories
 * where an unknown category is all zeros and a missing one the most frequent), then the job's fitted preprocessing
 * (training medians for missing numbers, training means and scales).
 */
final class InstanceEncoder {

    private final DatasetSchema schema;
    private final Preprocessing preprocessing;
    private final List<String> rawFeatures;

    InstanceEncoder(DatasetSchema schema, Preprocessing preprocessing) {
        this.schema = schema;
        this.preprocessing = preprocessing;
        this.rawFeatures = schema.imageShape() != null ? List.of() : schema.columns().stream()
                .filter(c -> c.role() == ColumnRole.FEATURE).map(ColumnSummary::name).toList();
    }

    /** The model inputs of the instances, in order, and what was imputed or unknown in each. */
    record Encoded(float[] inputs, List<PredictionWarning> warnings) {
    }

    Encoded encode(List<Object> instances) {
        int cols = schema.features();
        float[] out = new float[instances.size() * cols];
        List<FieldProblem> problems = new ArrayList<>();
        List<PredictionWarning> warnings = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            try {
                float[] row = schema.imageShape() != null ? image(instances.get(i)) : tabular(instances.get(i), i, warnings);
                for (int c = 0; c < cols; c++) {
                    out[i * cols + c] = preprocessing.transform(row[c], c);
                }
            } catch (InvalidRequestException e) {
                String where = "instances[" + i + "]";
                e.problems().forEach(p -> problems.add(new FieldProblem(where, p.message())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new Encoded(out, List.copyOf(warnings));
    }

    private float[] tabular(Object instance, int index, List<PredictionWarning> warnings) {
        Map<String, String> raw = new HashMap<>();
        if (instance instanceof List<?> values) {
            if (values.size() != rawFeatures.size()) {
                throw new InvalidRequestException("", "has " + values.size() + " values; expected " + rawFeatures.size()
                        + " in this order: " + rawFeatures);
            }
            for (int c = 0; c < values.size(); c++) {
                raw.put(rawFeatures.get(c), text(values.get(c)));
            }
        } else if (instance instanceof Map<?, ?> object) {
            for (Map.Entry<?, ?> e : object.entrySet()) {
                String column = String.valueOf(e.getKey());
                boolean known = schema.columns().stream().anyMatch(c -> c.name().equals(column));
                if (!known) {
                    throw new InvalidRequestException("", "unknown column '" + column + "'; features are " + rawFeatures);
                }
                raw.put(column, text(e.getValue()));
            }
        } else {
            throw new InvalidRequestException("", "must be an object {column: value} or an array of " + rawFeatures.size()
                    + " values in the order " + rawFeatures);
        }
        float[] encoded = new RowEncoder(schema).encode(raw);
        warnings.addAll(assumed(raw, index));
        return encoded;
    }

    /** The features of one instance that were missing (imputed as in training) or an unknown category. */
    private List<PredictionWarning> assumed(Map<String, String> raw, int index) {
        List<PredictionWarning> assumed = new ArrayList<>();
        int feature = 0;
        for (ColumnSummary column : schema.columns()) {
            if (column.role() != ColumnRole.FEATURE) {
                continue;
            }
            String value = raw.get(column.name());
            boolean numeric = column.type() == ColumnType.NUMERIC;
            if (CsvEncoder.isMissing(value)) {
                String with = numeric ? "the training median " + rounded(preprocessing.impute()[feature])
                        : "the most frequent category '" + column.imputedWith() + "'";
                assumed.add(new PredictionWarning(index, column.name(), PredictionWarning.Kind.IMPUTED,
                        (value == null ? "missing" : "missing ('" + value + "')") + ": imputed with " + with));
            } else if (!numeric && !column.categories().contains(value.trim())) {
                assumed.add(new PredictionWarning(index, column.name(), PredictionWarning.Kind.UNKNOWN_CATEGORY,
                        "'" + value.trim() + "' is not a category of the training data " + column.categories()
                                + ": encoded as none of them (all zeros)"));
            }
            feature += numeric ? 1 : column.categories().size();
        }
        return assumed;
    }

    /** Four significant digits, as a person reads a median (1.35, not 1.3499999). */
    private static String rounded(double value) {
        return Double.isFinite(value)
                ? new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString() : String.valueOf(value);
    }

    private float[] image(Object instance) {
        int size = schema.features();
        if (!(instance instanceof List<?> pixels) || pixels.size() != size) {
            throw new InvalidRequestException("", "an image instance is an array of " + size + " pixel values (0-255), "
                    + "row by row, for " + schema.imageShape().get(1) + "x" + schema.imageShape().get(2) + " images");
        }
        float[] row = new float[size];
        for (int i = 0; i < size; i++) {
            if (!(pixels.get(i) instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 255) {
                throw new InvalidRequestException("", "pixel " + i + " must be a number from 0 to 255");
            }
            row[i] = (float) (n.doubleValue() / 255.0);
        }
        return row;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
