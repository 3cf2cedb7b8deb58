package org.trainingservice.dataset;

import org.springframework.util.unit.DataSize;
import org.trainingservice.common.LimitsProperties;

/**
 * What an uploaded file may become while it is read ({@code training.limits.*}): checked as the bytes come, so a
 * file that would inflate or spread far beyond them is refused before it takes the memory; every refusal names the
 * property and its value.
 */
record UploadLimits(long maxInflatedBytes, int maxCsvColumns, int maxCsvLineLength) {

    /** For datasets already stored: they were checked when they were uploaded, under the limits of that day. */
    public static final UploadLimits NONE = new UploadLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    public static UploadLimits of(LimitsProperties limits) {
        return new UploadLimits(limits.maxInflatedUpload().toBytes(), limits.maxCsvColumns(), limits.maxCsvLineLength());
    }

    String inflatedSetting() {
        return "training.limits.max-inflated-upload=" + readable(maxInflatedBytes);
    }

    String columnsSetting() {
        return "training.limits.max-csv-columns=" + maxCsvColumns;
    }

    String lineSetting() {
        return "training.limits.max-csv-line-length=" + maxCsvLineLength;
    }

    private static String readable(long bytes) {
        for (String unit : new String[]{"GB", "MB", "KB"}) {
            long size = DataSize.parse("1" + unit).toBytes();
            if (bytes >= size && bytes % size == 0) {
                return bytes / size + unit;
            }
        }
        return bytes + "B";
    }
}
