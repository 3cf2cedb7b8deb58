package org.trainingservice.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainingservice.checkpoint.CheckpointMeta;
import org.trainingservice.job.ClaimedJob;
import org.trainingservice.metrics.MetricPoint;
import org.trainingservice.training.CheckpointInfo;
import org.trainingservice.training.EpochReport;
import org.trainingservice.training.child.ChildEvent;
import org.trainingservice.training.spec.CheckpointSpec;

/**
 * Stores what a running attempt reports: that training began, each epoch's metric points and progress, and each
 * checkpoint. Once the lease is found lost, it stores nothing more and kills the process.
 */
final class AttemptEvents {

    private static final Logger log = LoggerFactory.getLogger(AttemptEvents.class);

    private final ClaimedJob claimed;
    private final JobRunner.Collaborators with;
    private final Path folder;
    private final CheckpointSpec retention;
    private final Instant startedAt;
    private final TrainingProcess process;
    private volatile boolean leaseLost;
    private volatile int lastEpoch;

    /** {@code process} is killed once the lease is found lost. */
    AttemptEvents(ClaimedJob claimed, JobRunner.Collaborators with, Path folder, CheckpointSpec retention,
                  Instant startedAt, TrainingProcess process) {
        this.claimed = claimed;
        this.with = with;
        this.folder = folder;
        this.retention = retention;
        this.startedAt = startedAt;
        this.process = process;
    }

    void handle(ChildEvent event) {
        if (event instanceof ChildEvent.Epoch epoch) {
            onEpoch(epoch.report());
        } else if (event instanceof ChildEvent.CheckpointWritten checkpoint) {
            onCheckpoint(checkpoint);
        } else if (event instanceof ChildEvent.Started started) {
            onStarted(started);
        } else {
            log.debug("[job {}] event {}", claimed.id(), event);
        }
    }

    boolean leaseLost() {
        return leaseLost;
    }

    /** The last epoch reported, 0 before the first. */
    int lastEpoch() {
        return lastEpoch;
    }

    void leaseIsLost() {
        if (!leaseLost) {
            leaseLost = true;
            log.warn("job {}: this node lost its lease; stopping without writing further", claimed.id());
            process.kill();
        }
    }

    private void onEpoch(EpochReport report) {
        if (leaseLost) {
            return;
        }
        lastEpoch = report.epoch();
        Instant now = with.clock().instant();
        List<MetricPoint> points = new ArrayList<>();
        // rounds of a bias-variance analysis and learning-curve sub-runs move the progress but are not the job's
        // learning curves
        if (report.round() == null && report.curveFraction() == null) {
            report.metrics().forEach((name, value) -> {
                if (Double.isFinite(value)) {
                    points.add(new MetricPoint(report.step(), report.epoch(), name, value, now, report.fold(), report.member()));
                }
            });
        }
        double fraction = report.fraction();
        Long eta = fraction <= 0 ? null
                : Math.round(Duration.between(startedAt, now).toMillis() / 1000.0 * (1 - fraction) / fraction);
        with.meters().epoch(report.samples(), report.seconds());
        String metricsJson = with.json().writeValueAsString(report.metrics());
        AttemptWriter.EpochProgress progress = new AttemptWriter.EpochProgress(report.epoch(), report.totalEpochs(),
                fraction, eta, report.label(), metricsJson);
        if (!with.writer().epoch(claimed.id(), with.node(), points, progress, with.json().writeValueAsString(report))) {
            leaseIsLost();
        }
    }

    /**
     * The process has the job and begins training: a {@code started} event says on which device and whether the process
     * was warm (started ahead) or cold (started for this job).
     */
    private void onStarted(ChildEvent.Started started) {
        if (leaseLost) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("device", started.device());
        payload.put("process", process.isWarm() ? "warm" : "cold");
        payload.put("pid", process.pid());
        payload.put("attempt", claimed.attempt());
        payload.put("at", with.clock().instant().toString());
        if (!with.writer().started(claimed.id(), with.node(), with.json().writeValueAsString(payload))) {
            leaseIsLost();
        }
    }

    private void onCheckpoint(ChildEvent.CheckpointWritten event) {
        Path file = folder.resolve(event.file());
        try {
            if (leaseLost) {
                return;
            }
            CheckpointInfo info = event.info();
            CheckpointMeta meta = new CheckpointMeta(info.subRun(), info.label(), info.epoch(), info.batchesDone(),
                    info.metric(), info.value(), info.maximize());
            long size = Files.size(file);
            if (with.checkpoints().save(claimed.id(), with.node(), claimed.attempt(), meta, file,
                    retention.keepLast(), retention.keepBest())) {
                with.meters().checkpoint(size);
            } else {
                leaseIsLost();
            }
        } catch (IOException e) {
            log.warn("job {}: checkpoint {} could not be stored: {}", claimed.id(), file, e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("could not delete {}: {}", file, e.getMessage());
            }
        }
    }
}
