package org.trainingservice.metrics;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.trainingservice.common.CurrentCaller;
import org.trainingservice.common.InvalidRequestException;
import org.trainingservice.job.JobService;

@RestController
@RequestMapping("/api/v1/jobs/{id}/metrics")
@Tag(name = "Jobs")
class MetricsController {

    private final MetricStore metrics;
    private final JobService jobs;
    private final CurrentCaller caller;

    public MetricsController(MetricStore metrics, JobService jobs, CurrentCaller caller) {
        this.metrics = metrics;
        this.jobs = jobs;
        this.caller = caller;
    }

    @GetMapping
    @Operation(summary = "Metric history", description = """
            Points in the order they were recorded, one per metric per epoch (train_loss, val_loss, train_accuracy, \
            val_accuracy; regression: train_rmse, val_rmse, train_mae, val_mae, train_r2, val_r2, and the losses). \
            Pass the answer's `next` as `after` to read the following page.""")
    public MetricPage history(@PathVariable UUID id,
                              @Parameter(description = "only this metric, e.g. val_loss") @RequestParam(required = false) String name,
                              @Parameter(description = "cursor from a previous page's next") @RequestParam(required = false) String after,
                              @Parameter(description = "points per page, 1 to 5000") @RequestParam(defaultValue = "1000") int limit) {
        jobs.requireVisible(id, caller.visibleTenant());
        if (limit < 1 || limit > 5000) {
            throw new InvalidRequestException("limit", "must be between 1 and 5000");
        }
        long cursor;
        try {
            cursor = after == null ? 0 : Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("after", "must be the `next` value of a previous page");
        }
        return metrics.page(id, name, cursor, limit);
    }
}
