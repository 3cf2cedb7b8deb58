package org.trainingservice.dataset;

import java.util.List;
import java.util.Map;

/**
 * Encodes one raw row ({@code column -> text}) into the feature vector a schema describes: numbers as they are
 * (missing as NaN, imputed later by the trained preprocessing), categories one-hot (a missing value takes the most
 * frequent category; an unknown one gives all zeros). Used on upload, on job load and for predictions alike.
 */
public final class RowEncoder {

    private final DatasetSchema schema;

    public RowEncoder(DatasetSchema schema) {
        this.schema = schema;
    }

    public float[] encode(Map<String, String> raw) {
        float[] out = new float[schema.features()];
        int f = 0;
        for (ColumnSummary column : schema.columns()) {
            if (column.role() != ColumnRole.FEATURE) {
                continue;
            }
            String value = raw.get(column.name());
            if (column.type() == ColumnType.NUMERIC) {
                if (CsvEncoder.isMissing(value)) {
                    out[f++] = Float.NaN;
                } else {
                    boolean comma = schema.decimalComma() != null && schema.decimalComma().contains(column.name());
                    Double v = CsvEncoder.parse(comma ? DecimalCommas.toPoint(value) : value);
                    if (v == null) {
                        throw new DatasetFormatException("column " + column.name(), "column '" + column.name()
                                + "' is numeric but holds '" + value + "'");
                    }
                    out[f++] = v.floatValue();
                }
            } else {
                List<String> categories = column.categories();
                String v = CsvEncoder.isMissing(value) ? column.imputedWith() : value.trim();
                int index = categories.indexOf(v);
                if (index >= 0) {
                    out[f + index] = 1f;
                }
                f += categories.size();
            }
        }
        return out;
    }
}
