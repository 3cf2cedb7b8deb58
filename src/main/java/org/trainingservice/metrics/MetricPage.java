package org.trainingservice.metrics;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A page of metric history; pass {@code next} as {@code after} to read on. */
public record MetricPage(List<MetricPoint> points,
                         @Schema(description = "cursor of the next page, null on the last one") String next) {
}
