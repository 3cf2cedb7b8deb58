package org.trainingservice.scheduler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainingservice.checkpoint.CheckpointMeta;
import org.trainingservice.checkpoint.CheckpointStore;
import org.trainingservice.common.TrainingProperties;
import org.trainingservice.job.ClaimedJob;
import org.trainingservice.job.JobStateStore;
import org.trainingservice.job.JobStatus;
import org.trainingservice.job.LeaseStatus;
import org.trainingservice.metrics.MetricPoint;
import org.trainingservice.metrics.MetricStore;
import org.trainingservice.training.DataTableIo;
import org.trainingservice.training.CheckpointInfo;
import org.trainingservice.training.EpochReport;
import org.trainingservice.training.child.ChildEvent;
import org.trainingservice.training.child.ChildFiles;
import org.trainingservice.training.spec.JobSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one claimed job: writes its spec and data to a working folder, starts its training process, turns the
 * process's events into stored metrics, progress and the final state, renews the lease, and forwards a cancel
 * (killing the process if it does not stop within the grace period). A job always ends in a final state, also when
 * the process dies; only a node that lost its lease writes nothing more.
 */
class JobRunner implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final int STDERR_LINES_KEPT = 5;

    private final ClaimedJob claimed;
    private final Collaborators with;
    private final Deque<String> lastErrorLines = new ArrayDeque<>();
    private final Path folder;
    private volatile Process process;
    private volatile boolean leaseLost;
    private volatile boolean cancelRequested;
    private volatile boolean timedOut;
    private volatile boolean released;
    private volatile Instant cancelSentAt;
    private volatile int lastEpoch;
    private String encodingJson;
    private Instant startedAt;

    /** What a runner needs from its node, bundled so that the worker can hand it over in one piece. */
    record Collaborators(JobStateStore states, MetricStore metrics, AttemptWriter writer, CheckpointStore checkpoints,
                         TrainingDataLoader loader, TrainingProcessLauncher launcher, TrainingProperties properties,
                         String node, JsonMapper json, Clock clock, ScheduledExecutorService timers,
                         TrainingMetrics meters) {

        Collaborators withTimers(ScheduledExecutorService newTimers) {
            return new Collaborators(states, metrics, writer, checkpoints, loader, launcher, properties, node, json, clock,
                    newTimers, meters);
        }
    }

    JobRunner(ClaimedJob claimed, Collaborators with) {
        this.claimed = claimed;
        this.with = with;
        this.folder = with.properties().jobsDir().resolve(claimed.id() + "-attempt-" + claimed.attempt());
    }

    ClaimedJob job() {
        return claimed;
    }

    @Override
    public void run() {
        ScheduledFuture<?> heartbeat = null;
        try {
            JobSpec spec = with.json().readValue(claimed.specJson(), JobSpec.class);
            ChildFiles files = new ChildFiles(Files.createDirectories(folder));
            Files.writeString(files.spec(), claimed.specJson());
            TrainingDataLoader.Loaded loaded = with.loader().load(spec, claimed);
            encodingJson = with.json().writeValueAsString(loaded.encoding());
            DataTableIo.write(loaded.table(), files.data());
            prepareResume(files);
            startedAt = with.clock().instant();
            if (released) {
                with.states().release(claimed.id(), with.node(), "node " + with.node() + " shut down before the job started");
                return;
            }
            process = with.launcher().start(folder);
            long period = with.properties().worker().heartbeatInterval().toMillis();
            heartbeat = with.timers().scheduleWithFixedDelay(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
            Thread stderr = new Thread(this::drainStderr, "stderr-" + claimed.id());
            stderr.setDaemon(true);
            stderr.start();
            ChildEvent terminal = readEvents(spec);
            int exit = process.waitFor();
            stderr.join(2000);
            heartbeat.cancel(false);
            conclude(terminal, exit, files);
        } catch (Exception e) {
            log.error("job {} failed on this node", claimed.id(), e);
            if (process != null) {
                process.destroyForcibly();
            }
            with.meters().failed("worker_error");
            finish(JobStatus.FAILED, "the worker could not run the job: " + e.getMessage());
        } finally {
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            deleteQuietly(folder);
        }
    }

    /**
     * Continues from the latest checkpoint, if any: its bytes go to the folder, and the metric points recorded after
     * it are removed (this attempt records those epochs again), so the history has no gaps and no duplicates.
     */
    private void prepareResume(ChildFiles files) throws IOException {
        Optional<CheckpointStore.Latest> latest = with.checkpoints().latest(claimed.id());
        with.metrics().deleteAfter(claimed.id(), latest.map(CheckpointStore.Latest::metricsCursor).orElse(0L));
        if (latest.isPresent()) {
            try (OutputStream out = Files.newOutputStream(files.resume())) {
                with.checkpoints().copyContent(claimed.id(), latest.get().id(), out);
            }
            log.info("job {} attempt {} resumes from checkpoint {} ({} epoch {})", claimed.id(), claimed.attempt(),
                    latest.get().id(), latest.get().label() == null ? "" : latest.get().label(), latest.get().epoch());
        }
    }

    /**
     * Node shutdown: ask the training process to checkpoint at the next batch and stop; the job then goes back to the
     * queue at once, for another node to continue exactly there.
     */
    void suspend() {
        released = true;
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            OutputStream in = p.getOutputStream();
            in.write("suspend\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            p.destroyForcibly();
        }
    }

    /** Node shutdown after the grace period: stop the process now and give the job back. */
    void kill() {
        released = true;
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /** Handles the process's events until its output ends; answers its last word (null if it died without one). */
    private ChildEvent readEvents(JobSpec spec) throws IOException {
        ChildEvent terminal = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith(ChildEvent.PREFIX)) {
                    log.debug("[job {}] {}", claimed.id(), line);
                    continue;
                }
                ChildEvent event = with.json().readValue(line.substring(ChildEvent.PREFIX.length()), ChildEvent.class);
                switch (event.type()) {
                    case "epoch" -> onEpoch(event.epoch());
                    case "checkpoint" -> onCheckpoint(event, spec);
                    case "finished", "failed", "cancelled", "suspended" -> terminal = event;
                    default -> log.debug("[job {}] event {}", claimed.id(), event.type());
                }
            }
        } catch (IOException e) {
            // when a process exits (a kill included) the JDK takes over its output pipe, and a read in progress can
            // fail with "Stream closed": its output has ended all the same
            if (process.isAlive()) {
                throw e;
            }
            log.debug("job {}: output of the ended training process: {}", claimed.id(), e.getMessage());
        }
        return terminal;
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
            onLeaseLost();
        }
    }

    private void onCheckpoint(ChildEvent event, JobSpec spec) {
        Path file = folder.resolve(event.file());
        try {
            if (leaseLost) {
                return;
            }
            CheckpointInfo info = event.checkpoint();
            CheckpointMeta meta = new CheckpointMeta(info.subRun(), info.label(), info.epoch(), info.batchesDone(),
                    info.metric(), info.value(), info.maximize());
            long size = Files.size(file);
            if (with.checkpoints().save(claimed.id(), with.node(), claimed.attempt(), meta, file,
                    spec.checkpoint().keepLast(), spec.checkpoint().keepBest())) {
                with.meters().checkpoint(size);
            } else {
                onLeaseLost();
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

    private void heartbeat() {
        try {
            Instant now = with.clock().instant();
            LeaseStatus lease = with.states().heartbeat(claimed.id(), with.node(),
                    now.plus(with.properties().worker().leaseDuration()));
            if (lease == LeaseStatus.LOST) {
                onLeaseLost();
                return;
            }
            if (lease == LeaseStatus.CANCEL_REQUESTED && !cancelRequested) {
                cancelRequested = true;
                sendCancel(now);
            }
            if (cancelSentAt != null && now.isAfter(cancelSentAt.plus(with.properties().worker().cancelGrace()))) {
                log.warn("job {}: training process ignored the cancel for {}; killing it", claimed.id(),
                        with.properties().worker().cancelGrace());
                process.destroyForcibly();
            }
            if (!timedOut && startedAt != null && now.isAfter(startedAt.plus(with.properties().maxDuration()))) {
                timedOut = true;
                process.destroyForcibly();
            }
        } catch (Exception e) {
            log.warn("job {}: heartbeat failed: {}", claimed.id(), e.getMessage());
        }
    }

    private void sendCancel(Instant now) {
        cancelSentAt = now;
        try {
            OutputStream in = process.getOutputStream();
            in.write("cancel\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            process.destroyForcibly(); // the process is not listening any more
        }
    }

    private void onLeaseLost() {
        if (!leaseLost) {
            leaseLost = true;
            log.warn("job {}: this node lost its lease; stopping without writing further", claimed.id());
            process.destroyForcibly();
        }
    }

    private void conclude(ChildEvent terminal, int exit, ChildFiles files) throws IOException {
        if (leaseLost) {
            return;
        }
        String type = terminal == null ? "died" : terminal.type();
        Duration took = Duration.between(startedAt, with.clock().instant());
        if (type.equals("finished")) {
            byte[] model = Files.readAllBytes(files.model());
            int epochs = terminal.result().epochsRun();
            with.states().succeed(claimed.id(), with.node(), "finished after " + epochs + (epochs == 1 ? " epoch" : " epochs"),
                    with.json().writeValueAsString(terminal.result()), model, encodingJson);
            with.meters().finished(took);
        } else if (type.equals("cancelled") || cancelRequested) {
            finish(JobStatus.CANCELLED, "cancelled during epoch " + (lastEpoch + 1)
                    + (terminal == null ? " (the training process was killed after the grace period)" : ""));
        } else if (released) {
            with.states().release(claimed.id(), with.node(), "node " + with.node() + " shut down; queued again"
                    + (type.equals("suspended") ? " to continue from the checkpoint it took on the way out" : ""));
        } else if (timedOut) {
            with.meters().failed("max_duration");
            with.meters().finished(took);
            finish(JobStatus.FAILED, "stopped after exceeding training.max-duration of " + with.properties().maxDuration());
        } else if (type.equals("failed")) {
            with.meters().failed(terminal.reason());
            with.meters().finished(took);
            finish(JobStatus.FAILED, terminal.message());
        } else {
            JobStatus next = with.states().retryOrFail(claimed.id(), with.node(), claimed.attempt(),
                    with.properties().maxAttempts(), "the training process ended unexpectedly during epoch "
                            + (lastEpoch + 1) + " (" + describeExit(exit) + ")" + lastErrors());
            if (next == JobStatus.FAILED) {
                with.meters().failed("process_died");
                with.meters().finished(took);
            }
        }
    }

    private void finish(JobStatus status, String message) {
        if (!leaseLost) {
            with.states().finish(claimed.id(), with.node(), status, message, null);
        }
    }

    private static String describeExit(int exit) {
        if (exit > 128) {
            int signal = exit - 128;
            return "killed by signal " + signal + (signal == 9 ? " (SIGKILL: killed from outside, or out of memory)" : "");
        }
        return "exit code " + exit;
    }

    private String lastErrors() {
        synchronized (lastErrorLines) {
            return lastErrorLines.isEmpty() ? "" : "; last output: " + String.join(" | ", lastErrorLines);
        }
    }

    private void drainStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                log.debug("[job {}] {}", claimed.id(), line);
                synchronized (lastErrorLines) {
                    if (lastErrorLines.size() == STDERR_LINES_KEPT) {
                        lastErrorLines.removeFirst();
                    }
                    lastErrorLines.addLast(line.length() > 300 ? line.substring(0, 300) : line);
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    private static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", folder, e.getMessage());
        }
    }
}
