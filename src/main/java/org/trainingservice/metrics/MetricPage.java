package org.trainingservice.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A page of metric history; pass {@code next} as {@code after} to read on. */
record MetricPage(List<MetricPoint> points,
                         // always written: clients loop until it is null (README), the one null the API sends
                         @JsonInclude(JsonInclude.Include.ALWAYS)
                         @Schema(description = "cursor of the next page, null on the last one",
                                 types = {"string", "null"}, requiredMode = Schema.RequiredMode.REQUIRED) String next) {
}
