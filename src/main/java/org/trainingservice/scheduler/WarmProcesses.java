package org.trainingservice.scheduler;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node's warm training processes: started ahead with one {@link ProcessProfile}, each loads the engine and waits
 * for a job. A job whose profile matches gets one, and another is started behind it: at once where a slot is free for
 * it, else when a job ends ({@link SlotAccount}); any other job, or any job while none is kept, gets a cold start.
 * Where no process is ready yet, the job takes one still loading rather than start cold: that one started before the
 * job was claimed, so it is always ahead of a cold start, and two JVMs loading at once on a small machine would only
 * slow each other. A process trains one job and exits, so nothing passes from one job to the next, with one
 * exception: a process whose trial finished or paused may be kept for the same experiment's next trial ({@link TrialProcesses}, {@code training.worker.reuse-for-trials}). One that ends while
 * waiting is never handed a job: it is logged and replaced (after a growing pause if processes keep dying before they
 * are ready, so that a broken engine does not make the node spin).
 */
@Component
public class WarmProcesses {

    private static final Logger log = LoggerFactory.getLogger(WarmProcesses.class);

    private final TrainingProcessLauncher launcher;
    private final JsonMapper json;
    private final Object lock = new Object();
    /** The warm processes without a job, loading or ready. */
    private final List<TrainingProcess> idle = new ArrayList<>();
    private final ExitingProcesses exiting = new ExitingProcesses();
    private final SlotAccount slots = new SlotAccount();
    private ProcessProfile profile;
    private ScheduledExecutorService restarts;
    private TrialProcesses trials = new TrialProcesses(0, null, p -> { });
    private boolean running;
    private int diedBeforeReady;

    @Autowired
    public WarmProcesses(TrainingProcessLauncher launcher, JsonMapper json, MeterRegistry registry, NodeIdentity node) {
        this(launcher, json);
        Gauge.builder("training_warm_processes", this::ready)
                .description("warm training processes on this node, ready for a job").tag("node", node.id())
                .register(registry);
        Gauge.builder("training_trial_processes", this::keptForTrials)
                .description("training processes kept for an experiment's next trial").tag("node", node.id())
                .register(registry);
    }

    WarmProcesses(TrainingProcessLauncher launcher, JsonMapper json) {
        this.launcher = launcher;
        this.json = json;
    }

    /**
     * Keeps {@code count} processes of {@code warmProfile} started ahead (0: none; every job starts cold), and up to
     * {@code keepForTrials} whose trial finished or paused for their experiment's next trial (0: none), on a node
     * with {@code nodeSlots} worker slots.
     */
    void start(ProcessProfile warmProfile, int count, int keepForTrials, int nodeSlots) {
        synchronized (lock) {
            if (running || count <= 0) {
                return;
            }
            profile = warmProfile;
            running = true;
            diedBeforeReady = 0;
            slots.reset(nodeSlots);
            restarts = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "warm-restarts"));
            trials = new TrialProcesses(keepForTrials, restarts, this::letExit);
            for (int i = 0; i < count; i++) {
                startOne();
            }
        }
        log.info("keeping {} warm training process(es) ({})", count, warmProfile);
    }

    /** Stops every process without a job and waits for them to exit; processes training a job are their runners'. */
    void stop() {
        List<TrainingProcess> stopping;
        synchronized (lock) {
            running = false;
            stopping = new ArrayList<>(idle);
            stopping.addAll(trials.removeAll());
            idle.clear();
            if (restarts != null) {
                restarts.shutdownNow();
            }
        }
        stopping.forEach(TrainingProcess::kill);
        ExitingProcesses.awaitGone(stopping, "warm training process");
    }

    /**
     * A job's process that has sent its last event: its runner is done with it and does not wait for the exit
     * ({@link TrainingProcess#letExit}); the pool keeps it until it is gone, so that a stopping worker can wait for it.
     */
    void letExit(TrainingProcess process) {
        exiting.add(process);
    }

    /**
     * A process whose job of {@code experiment} (null: not a trial) finished or paused, once its runner has stored the
     * job's events: a warm one is kept for the experiment's next trial where the pool may keep one (the pool keeps none
     * with {@code training.worker.reuse-for-trials} off); any other is let exit.
     */
    void afterJob(TrainingProcess process, UUID experiment) {
        synchronized (lock) {
            // under the lock: no trial can take it before it waits for its next ready line
            if (running && process.isWarm() && process.isAlive() && trials.keep(process, experiment)) {
                process.readyAgain(json).thenAccept(isReady -> {
                    if (!isReady && trials.remove(process)) {
                        log.warn("training process {} kept for a next trial did not get ready again ({}){}",
                                process.pid(), process.exitState(), process.lastErrors());
                        letExit(process);
                    }
                });
                return;
            }
        }
        letExit(process);
    }

    /** Waits (a stopping worker, once its runners are done) until the jobs' processes that are exiting are gone. */
    void awaitExited() {
        exiting.awaitAll();
    }

    /**
     * The training process for a job with {@code needed} whose files are in {@code folder}: one kept for its
     * {@code experiment} (null: the job is not a trial), else a warm one handed the job, or a cold one started for
     * it. A warm one still loading is handed the job at once (it reads the job once ready;
     * {@link TrainingProcess#readEvents} waits for that, while the runner renews the lease): from then on it is the
     * job's process, and its end, a kill included, ends the attempt as a cold process's would. Its runner calls
     * {@link #jobEnded} once it is done, whether or not this returned a process.
     */
    TrainingProcess startFor(ProcessProfile needed, Path folder, UUID jobId, UUID experiment) throws IOException {
        synchronized (lock) {
            slots.jobStarted();
        }
        Optional<TrainingProcess> warm = takeKept(needed, experiment).or(() -> take(needed));
        if (warm.isPresent()) {
            try {
                warm.get().assign(jobId, folder);
                return warm.get();
            } catch (IOException e) {
                // it ended before it could be handed the job (in the moment before the pool noticed): never mind it
                log.warn("warm training process {} could not take job {} ({}); starting one for it", warm.get().pid(),
                        jobId, e.getMessage());
                warm.get().kill();
            }
        }
        return TrainingProcess.cold(launcher.start(needed, folder), jobId);
    }

    /** The runner of a job {@link #startFor} was called for is done, its slot about to be free: one owed starts. */
    void jobEnded() {
        synchronized (lock) {
            if (slots.jobEnded()) {
                startOne();
            }
        }
    }

    /** Warm processes ready for a job. */
    public int ready() {
        synchronized (lock) {
            return (int) idle.stream().filter(TrainingProcess::isReady).count();
        }
    }

    /** Processes kept for an experiment's next trial. */
    public int keptForTrials() {
        return trials.size();
    }

    /**
     * The process ids of the warm processes that have no job (loading or ready, kept for a trial included). A
     * process is in this set from the moment it is started, so a list of this JVM's child processes taken before
     * this call, minus this set, holds exactly the processes training a job.
     */
    public Set<Long> idlePids() {
        synchronized (lock) {
            Set<Long> pids = idle.stream().map(TrainingProcess::pid).collect(Collectors.toSet());
            pids.addAll(trials.pids());
            return Set.copyOf(pids);
        }
    }

    private Optional<TrainingProcess> takeKept(ProcessProfile needed, UUID experiment) {
        synchronized (lock) {
            return running && needed.equals(profile) ? trials.take(experiment) : Optional.empty();
        }
    }

    /** A ready process of profile {@code needed}, else one still loading; another is started behind it. */
    private Optional<TrainingProcess> take(ProcessProfile needed) {
        synchronized (lock) {
            if (!running || !needed.equals(profile)) {
                return Optional.empty();
            }
            Optional<TrainingProcess> taken = idle.stream().filter(TrainingProcess::isReady).findFirst()
                    .or(() -> idle.stream().filter(TrainingProcess::isLoading).findFirst());
            taken.ifPresent(p -> {
                idle.remove(p);
                if (slots.replaceNow()) {
                    startOne();
                }
            });
            return taken;
        }
    }

    /** Starts one process; called holding the lock, so that {@link #idlePids} never misses a started process. */
    private void startOne() {
        if (!running) {
            return;
        }
        TrainingProcess process;
        try {
            process = TrainingProcess.warm(launcher.startWarm(profile));
        } catch (IOException e) {
            log.warn("could not start a warm training process: {}", e.getMessage());
            restartLater();
            return;
        }
        idle.add(process);
        Thread watcher = daemon(() -> watch(process), "warm-" + process.pid());
        watcher.start();
    }

    /** Reads up to the ready line, then waits for the process to exit while it has no job. */
    private void watch(TrainingProcess process) {
        if (!process.readUntilReady(json)) {
            ended(process, false);
            return;
        }
        synchronized (lock) {
            diedBeforeReady = 0;
        }
        process.process().onExit().thenRun(() -> ended(process, true));
    }

    private void ended(TrainingProcess process, boolean wasReady) {
        synchronized (lock) {
            if (!idle.remove(process) || !running) {
                return; // it was handed a job (its runner sees the end), or the pool is stopping
            }
            log.warn("warm training process {} ended {} ({}){}; starting another", process.pid(),
                    wasReady ? "while it waited for a job" : "before it was ready", process.exitState(),
                    process.lastErrors());
            if (wasReady) {
                startOne();
            } else {
                diedBeforeReady++;
                restartLater();
            }
        }
    }

    /** After processes died before they were ready: 1 s, 2 s, 4 s ... up to a minute. */
    private void restartLater() {
        long delay = Math.min(60_000L, 1000L << Math.min(6, Math.max(0, diedBeforeReady - 1)));
        restarts.schedule(() -> {
            synchronized (lock) {
                startOne();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
