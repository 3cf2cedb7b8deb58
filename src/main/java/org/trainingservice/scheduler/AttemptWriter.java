package org.trainingservice.scheduler;

import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.trainingservice.job.JobEvents;
import org.trainingservice.job.JobStateStore;
import org.trainingservice.metrics.MetricPoint;
import org.trainingservice.metrics.MetricStore;

/**
 * The writes of a running attempt that must happen together and only while the node holds the lease: an epoch's
 * metric points, the job's progress, and the {@code metrics} event, in one transaction behind the row lock; and the
 * {@code started} event when its training process begins.
 */
@Component
class AttemptWriter {

    private final JobStateStore states;
    private final MetricStore metrics;
    private final JobEvents events;

    public AttemptWriter(JobStateStore states, MetricStore metrics, JobEvents events) {
        this.states = states;
        this.metrics = metrics;
        this.events = events;
    }

    /** One epoch's record; false (nothing written) when the lease is no longer this node's. */
    @Transactional
    public boolean epoch(UUID jobId, String node, List<MetricPoint> points, EpochProgress progress, String eventJson) {
        if (!states.lockIfOwner(jobId, node)) {
            return false;
        }
        if (!points.isEmpty()) {
            metrics.append(jobId, points);
        }
        states.recordProgress(jobId, node, progress.epoch(), progress.totalEpochs(), progress.fraction(),
                progress.etaSeconds(), progress.label(), progress.latestMetricsJson());
        events.append(jobId, "metrics", eventJson);
        return true;
    }

    /** The {@code started} event of an attempt; false (nothing written) when the lease is no longer this node's. */
    @Transactional
    public boolean started(UUID jobId, String node, String eventJson) {
        if (!states.lockIfOwner(jobId, node)) {
            return false;
        }
        events.append(jobId, "started", eventJson);
        return true;
    }

    /** The progress fields of one epoch. */
    public record EpochProgress(int epoch, int totalEpochs, double fraction, Long etaSeconds, String label,
                                String latestMetricsJson) {
    }
}
