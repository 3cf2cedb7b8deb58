package org.trainingservice.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainingservice.checkpoint.CheckpointStore;
import org.trainingservice.common.DatabaseUnavailable;
import org.trainingservice.common.TrainingProperties;
import org.trainingservice.job.ClaimedJob;
import org.trainingservice.job.JobStateStore;
import org.trainingservice.job.JobStatus;
import org.trainingservice.job.LeaseStatus;
import org.trainingservice.metrics.MetricStore;
import org.trainingservice.training.child.ChildCommand;
import org.trainingservice.training.child.ChildEvent;
import org.trainingservice.training.child.ChildFiles;
import org.trainingservice.training.spec.JobSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one claimed job: prepares its working folder ({@link AttemptFolder}), gets its {@link TrainingProcess} (a warm
 * one, or one started for it: {@link WarmProcesses}), lets {@link AttemptEvents} store what it reports, renews the
 * lease and forwards a cancel (killing the process if it does not stop within the grace period), then applies the
 * {@link AttemptVerdict}. A job always ends in a state of the table, also when the
 * process dies; only a node that lost its lease writes nothing more. While the database cannot be reached the process
 * trains on and its events wait; the heartbeat keeps trying, and once it renews the lease the events are stored and
 * the attempt carries on. An outage that outlasts the lease ends the attempt here without a word (another node, or
 * this one, resumes the job from its latest checkpoint once the database is back).
 */
class JobRunner implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final ClaimedJob claimed;
    private final String device;
    private final Collaborators with;
    private final Path folder;
    private volatile TrainingProcess process;
    private volatile AttemptEvents events;
    private volatile boolean cancelRequested;
    private volatile boolean timedOut;
    private volatile boolean released;
    private volatile Instant cancelSentAt;
    /** Until when the database has the lease as ours, as far as this node knows: past it, another node may claim it. */
    private volatile Instant leaseUntil;
    /** Held by a heartbeat while it runs; once {@code concluded}, no heartbeat writes (the verdict may end the lease). */
    private final Object heartbeatLock = new Object();
    private boolean concluded;
    private String encodingJson;
    private Instant startedAt;

    /** What a runner needs from its node, bundled so that the worker can hand it over in one piece. */
    record Collaborators(JobStateStore states, MetricStore metrics, AttemptWriter writer, CheckpointStore checkpoints,
                         TrainingDataLoader loader, TrainingProcessLauncher launcher, WarmProcesses processes,
                         TrainingProperties properties, String node, JsonMapper json, Clock clock,
                         ScheduledExecutorService timers, TrainingMetrics meters, DatabaseUnavailable database) {

        Collaborators withTimers(ScheduledExecutorService newTimers) {
            return new Collaborators(states, metrics, writer, checkpoints, loader, launcher, processes, properties, node,
                    json, clock, newTimers, meters, database);
        }
    }

    /**
     * @param device where the job runs, as the node's {@link DeviceSlots} gave it a slot: {@code cpu} or {@code cuda:N}
     * @param leaseUntil the expiry the claim set
     */
    JobRunner(ClaimedJob claimed, String device, Collaborators with, Instant leaseUntil) {
        this.claimed = claimed;
        this.device = device;
        this.with = with;
        this.leaseUntil = leaseUntil;
        this.folder = with.properties().jobsDir().resolve(claimed.id() + "-attempt-" + claimed.attempt());
    }

    ClaimedJob job() {
        return claimed;
    }

    @Override
    public void run() {
        ScheduledFuture<?> heartbeat = null;
        boolean served = false; // whether the pool was asked for a process: then it hears when the job ends
        try {
            JobSpec spec = with.json().readValue(claimed.specJson(), JobSpec.class);
            AttemptFolder.Prepared prepared = AttemptFolder.prepare(claimed, spec, with, folder);
            ChildFiles files = prepared.files();
            encodingJson = prepared.encodingJson();
            startedAt = with.clock().instant();
            if (released) {
                with.states().release(claimed.id(), with.node(), "node " + with.node() + " shut down before the job started");
                return;
            }
            served = true;
            process = with.processes().startFor(with.launcher().profileFor(device), folder, claimed.id(),
                    claimed.experimentId());
            events = new AttemptEvents(claimed, with, folder, spec.checkpoint(), startedAt, process);
            long period = with.properties().worker().heartbeatInterval().toMillis();
            heartbeat = with.timers().scheduleWithFixedDelay(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
            ChildEvent.Terminal last = process.readEvents(with.json(), events::handle);
            // a process whose job finished or paused goes back to the pool, which decides whether to keep it
            boolean reusable = last instanceof ChildEvent.Finished || last instanceof ChildEvent.Paused;
            int exit = 0; // only a process that ended without a last word has an exit code to explain
            if (last == null) {
                exit = process.waitFor();
            } else if (!reusable) {
                with.processes().letExit(process);
            }
            events.awaitStored(); // the heartbeat goes on storing what waits, or finds the lease lost
            heartbeat.cancel(false);
            String errors = process.lastErrors();
            synchronized (heartbeatLock) {
                concluded = true; // a heartbeat still in flight must not find the lease the verdict ends
            }
            if (reusable) {
                handOver();
            }
            if (!events.leaseLost()) {
                apply(AttemptVerdict.of(last, new AttemptVerdict.Seen(cancelRequested, released, timedOut,
                        events.lastEpoch(), exit, errors, with.properties().maxDuration()), with.node()), files);
            }
        } catch (Exception e) {
            log.error("job {} failed on this node", claimed.id(), e);
            if (process != null) {
                process.kill();
            }
            with.meters().failed("worker_error");
            if (events == null || !events.leaseLost()) {
                with.states().finish(claimed.id(), with.node(), JobStatus.FAILED,
                        "the worker could not run the job: " + e.getMessage(), null);
            }
        } finally {
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            AttemptFolder.delete(folder);
            if (served) {
                with.processes().jobEnded(); // before the worker frees the slot and claims the next job
            }
        }
    }

    /**
     * A process whose job finished or paused goes back to the pool, which may keep it for the experiment's next trial:
     * before the verdict, which is what lets the experiment start that trial, and after the events are stored and the
     * heartbeat is done, so that nothing of this job (a cancel, a kill at shutdown) can reach the next one.
     */
    private void handOver() {
        TrainingProcess p = process;
        process = null;
        if (events.leaseLost()) {
            with.processes().letExit(p);
        } else {
            with.processes().afterJob(p, claimed.experimentId());
        }
    }

    /**
     * Node shutdown: ask the training process to checkpoint at the next batch and stop; the job then goes back to the
     * queue at once, for another node to continue exactly there.
     */
    void suspend() {
        released = true;
        TrainingProcess p = process;
        if (p != null) {
            p.send(ChildCommand.SUSPEND);
        }
    }

    /** Node shutdown after the grace period: stop the process now and give the job back. */
    void kill() {
        released = true;
        TrainingProcess p = process;
        if (p != null) {
            p.kill();
        }
        AttemptEvents e = events;
        if (e != null && e.inOutage()) {
            // the events cannot be stored before the node exits: once the lease expires, the job resumes elsewhere
            e.leaseIsLost("node " + with.node() + " stopped while the database could not be reached");
        }
    }

    private void heartbeat() {
        synchronized (heartbeatLock) {
            if (!concluded) {
                renewLease();
            }
        }
    }

    private void renewLease() {
        Instant now = with.clock().instant();
        if (!timedOut && now.isAfter(startedAt.plus(with.properties().maxDuration()))) {
            timedOut = true;
            process.kill();
        }
        Instant until = now.plus(with.properties().worker().leaseDuration());
        LeaseStatus lease;
        try {
            lease = with.states().heartbeat(claimed.id(), with.node(), until);
        } catch (Exception e) {
            if (with.clock().instant().isAfter(leaseUntil)) {
                events.leaseIsLost("the database could not be reached for longer than the lease ("
                        + with.properties().worker().leaseDuration() + "); the job resumes from its latest checkpoint");
            } else {
                events.databaseUnreachable(e);
                log.debug("job {}: heartbeat failed: {}", claimed.id(), e.getMessage());
            }
            return;
        }
        if (lease == LeaseStatus.LOST) {
            events.leaseIsLost("this node lost its lease");
            return;
        }
        leaseUntil = until;
        try {
            events.storePending();
        } catch (Exception e) {
            log.warn("job {}: storing its events failed: {}", claimed.id(), e.getMessage());
        }
        if (lease == LeaseStatus.CANCEL_REQUESTED && !cancelRequested) {
            cancelRequested = true;
            cancelSentAt = now;
            process.send(ChildCommand.CANCEL);
        }
        Duration grace = with.properties().worker().cancelGrace();
        if (cancelSentAt != null && now.isAfter(cancelSentAt.plus(grace))) {
            log.warn("job {}: training process ignored the cancel for {}; killing it", claimed.id(), grace);
            process.kill();
        }
    }

    private void apply(AttemptVerdict verdict, ChildFiles files) throws IOException {
        Duration took = Duration.between(startedAt, with.clock().instant());
        String node = with.node();
        if (verdict instanceof AttemptVerdict.Succeed s) {
            with.states().succeed(claimed.id(), node, s.message(), with.json().writeValueAsString(s.result()),
                    Files.readAllBytes(files.model()), encodingJson);
            with.meters().finished(took);
        } else if (verdict instanceof AttemptVerdict.Pause p) {
            with.states().pause(claimed.id(), node, p.message(), with.json().writeValueAsString(p.result()),
                    Files.readAllBytes(files.model()), encodingJson);
        } else if (verdict instanceof AttemptVerdict.Cancel c) {
            with.states().finish(claimed.id(), node, JobStatus.CANCELLED, c.message(), null);
        } else if (verdict instanceof AttemptVerdict.Release r) {
            with.states().release(claimed.id(), node, r.message());
        } else if (verdict instanceof AttemptVerdict.Fail f) {
            with.meters().failed(f.reason());
            with.meters().finished(took);
            with.states().finish(claimed.id(), node, JobStatus.FAILED, f.message(), null);
        } else if (verdict instanceof AttemptVerdict.Retry r
                && with.states().retryOrFail(claimed, node, with.properties().maxAttempts(), r.reason()) == JobStatus.FAILED) {
            with.meters().failed("process_died");
            with.meters().finished(took);
        }
    }
}
