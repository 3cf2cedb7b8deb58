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
 * Stores what a running attempt reports, in the order reported: that training began, each epoch's metric points and
 * progress, and each checkpoint. Every event goes through an {@link OutageBuffer}: while the database can be reached
 * it leaves at once; while it cannot, events wait there (the training process goes on training) and the heartbeat
 * stores them once it has renewed the lease again. Once the lease is found lost, it stores nothing more, forgets what
 * waits and kills the process.
 */
final class AttemptEvents {

    private static final Logger log = LoggerFactory.getLogger(AttemptEvents.class);
    static final String SPILL_FILE = "pending-events.jsonl";

    private final ClaimedJob claimed;
    private final JobRunner.Collaborators with;
    private final Path folder;
    private final CheckpointSpec retention;
    private final Instant startedAt;
    private final TrainingProcess process;
    private final OutageBuffer pending;
    /** Held while events are stored, so that the reading thread and the heartbeat store them one at a time, in order. */
    private final Object storing = new Object();
    private final Object settled = new Object();
    private volatile boolean leaseLost;
    /** The database could not be reached at the last try: events wait for the heartbeat to store them. */
    private volatile boolean outage;
    private volatile RuntimeException failure;
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
        this.pending = new OutageBuffer(with.properties().worker().outageBufferEvents(), folder.resolve(SPILL_FILE),
                with.json());
    }

    /** Takes an event of the training process: stored now, or kept in order while the database is away. */
    void handle(ChildEvent event) {
        if (leaseLost) {
            return;
        }
        if (event instanceof ChildEvent.Epoch epoch) {
            lastEpoch = epoch.report().epoch();
        }
        pending.add(new PendingEvent(event, with.clock().instant()));
        if (!outage) {
            storePending();
        }
    }

    boolean leaseLost() {
        return leaseLost;
    }

    /** The last epoch reported, 0 before the first. */
    int lastEpoch() {
        return lastEpoch;
    }

    /** Whether events wait because the database could not be reached. */
    boolean inOutage() {
        return outage;
    }

    void leaseIsLost(String why) {
        if (!leaseLost) {
            leaseLost = true;
            log.warn("job {}: {}; stopping without writing further ({} event(s) not stored are dropped)", claimed.id(),
                    why, pending.size());
            process.kill();
            pending.clear();
            signalSettled();
        }
    }

    /** The database could not be reached (a write or a lease renewal failed): events wait from now on. */
    void databaseUnreachable(Exception e) {
        if (!outage) {
            outage = true;
            log.warn("job {}: the database cannot be reached ({}); the training goes on and its events wait "
                    + "(up to {} in memory, then in {})", claimed.id(), e.getMessage(),
                    with.properties().worker().outageBufferEvents(), folder.resolve(SPILL_FILE));
        }
    }

    /**
     * Stores the waiting events in order, as far as the database lets it; the ones it could not store stay, and the
     * next try starts with them. A failure other than an unreachable database ends the attempt (the job fails).
     */
    void storePending() {
        synchronized (storing) {
            long stored = 0;
            PendingEvent next;
            while (!leaseLost && (next = pending.peek()) != null) {
                try {
                    store(next);
                } catch (RuntimeException e) {
                    if (with.database().explains(e)) {
                        databaseUnreachable(e);
                        return;
                    }
                    failure = e;
                    process.kill();
                    signalSettled();
                    throw e;
                }
                pending.removeFirst();
                stored++;
            }
            if (outage && !leaseLost) {
                outage = false;
                log.info("job {}: the database is back; stored {} event(s) that waited, in order", claimed.id(), stored);
            }
        }
        signalSettled();
    }

    /** Waits until every event is stored, or the lease is lost, or storing failed for another reason. */
    void awaitStored() throws InterruptedException {
        synchronized (settled) {
            while (!leaseLost && failure == null && !pending.isEmpty()) {
                settled.wait();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void signalSettled() {
        synchronized (settled) {
            settled.notifyAll();
        }
    }

    private void store(PendingEvent pendingEvent) {
        ChildEvent event = pendingEvent.event();
        boolean held = true;
        if (event instanceof ChildEvent.Epoch epoch) {
            held = storeEpoch(epoch.report(), pendingEvent.receivedAt());
        } else if (event instanceof ChildEvent.CheckpointWritten checkpoint) {
            held = storeCheckpoint(checkpoint);
        } else if (event instanceof ChildEvent.Started started) {
            held = storeStarted(started, pendingEvent.receivedAt());
        } else {
            log.debug("[job {}] event {}", claimed.id(), event);
        }
        if (!held) {
            leaseIsLost("this node lost its lease");
        }
    }

    private boolean storeEpoch(EpochReport report, Instant at) {
        List<MetricPoint> points = new ArrayList<>();
        // rounds of a bias-variance analysis and learning-curve sub-runs move the progress but are not the job's
        // learning curves
        if (report.round() == null && report.curveFraction() == null) {
            report.metrics().forEach((name, value) -> {
                if (Double.isFinite(value)) {
                    points.add(new MetricPoint(report.step(), report.epoch(), name, value, at, report.fold(), report.member()));
                }
            });
        }
        double fraction = report.fraction();
        Long eta = fraction <= 0 ? null
                : Math.round(Duration.between(startedAt, at).toMillis() / 1000.0 * (1 - fraction) / fraction);
        String metricsJson = with.json().writeValueAsString(report.metrics());
        AttemptWriter.EpochProgress progress = new AttemptWriter.EpochProgress(report.epoch(), report.totalEpochs(),
                fraction, eta, report.label(), metricsJson);
        if (!with.writer().epoch(claimed.id(), with.node(), points, progress, with.json().writeValueAsString(report))) {
            return false;
        }
        with.meters().epoch(report.samples(), report.seconds());
        return true;
    }

    /**
     * The process has the job and begins training: a {@code started} event says on which device, whether the process
     * was warm (started ahead) or cold (started for this job), and how many jobs (earlier trials of the same experiment)
     * it trained before.
     */
    private boolean storeStarted(ChildEvent.Started started, Instant at) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("device", started.device());
        payload.put("process", process.isWarm() ? "warm" : "cold");
        payload.put("pid", process.pid());
        payload.put("jobsBefore", process.jobsBefore());
        payload.put("attempt", claimed.attempt());
        payload.put("at", at.toString());
        return with.writer().started(claimed.id(), with.node(), with.json().writeValueAsString(payload));
    }

    /** The checkpoint's file stays in the folder until it is stored (or cannot be: the lease is lost, it is unreadable). */
    private boolean storeCheckpoint(ChildEvent.CheckpointWritten event) {
        Path file = folder.resolve(event.file());
        CheckpointInfo info = event.info();
        CheckpointMeta meta = new CheckpointMeta(info.subRun(), info.label(), info.epoch(), info.batchesDone(),
                info.metric(), info.value(), info.maximize());
        boolean held = true;
        try {
            long size = Files.size(file);
            held = with.checkpoints().save(claimed.id(), with.node(), claimed.attempt(), meta, file,
                    retention.keepLast(), retention.keepBest());
            if (held) {
                with.meters().checkpoint(size);
            }
        } catch (IOException e) {
            log.warn("job {}: checkpoint {} could not be stored: {}", claimed.id(), file, e.getMessage());
        }
        deleteQuietly(file);
        return held;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", file, e.getMessage());
        }
    }
}
