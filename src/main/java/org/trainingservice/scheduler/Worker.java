package org.trainingservice.scheduler;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.trainingservice.common.DatabaseUnavailable;
import org.trainingservice.common.LimitsProperties;
import org.trainingservice.common.TrainingProperties;
import org.trainingservice.job.ClaimedJob;
import org.trainingservice.checkpoint.CheckpointStore;
import org.trainingservice.job.JobQueueSignal;

/**
 * This node's worker: registers the node, claims queued jobs while it has free slots, and runs each in a
 * {@link JobRunner}. It claims at once when a job is queued anywhere ({@link JobQueueSignal}: in process, and from the
 * other nodes through {@link JobQueueListener} on PostgreSQL) and when one of its own jobs ends; the poll every
 * {@code training.worker.poll-interval} is the fallback for a signal that was lost. It keeps {@link WarmProcesses}
 * started ahead. {@code training.worker.enabled=false} makes an API-only node. On shutdown it stops its training
 * processes and gives their jobs back to the queue, so that another node continues at once.
 */
@Component
class Worker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final TrainingProperties properties;
    private final NodeIdentity node;
    private final WorkerNodes nodes;
    private final GpuProbe gpus;
    private final LimitsProperties limits;
    private final TrainingMetrics metricsOut;
    private final WarmProcesses warm;
    private final JobQueueSignal queueSignal;
    private final JobQueueListener queueListener;
    private final JobRunner.Collaborators base;
    private final Map<UUID, JobRunner> running = new ConcurrentHashMap<>();
    private final Runnable wake = this::wake;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile JobRunner.Collaborators collaborators;
    private volatile DeviceSlots deviceSlots;
    private ScheduledExecutorService timers;
    /** The one thread that claims: polls and wake-ups never run at the same time. */
    private volatile ScheduledExecutorService claims;
    private ExecutorService slots;
    private volatile boolean started;

    public Worker(JobRunner.Collaborators base, WorkerParts.ThisNode thisNode, WorkerParts.QueueSignals signals,
                  LimitsProperties limits) {
        this.base = base;
        this.properties = base.properties();
        this.metricsOut = base.meters();
        this.warm = base.processes();
        this.limits = limits;
        this.node = thisNode.identity();
        this.nodes = thisNode.nodes();
        this.gpus = thisNode.gpus();
        this.queueSignal = signals.inProcess();
        this.queueListener = signals.fromOtherNodes();
    }

    @Override
    public void start() {
        if (!properties.worker().enabled()) {
            log.info("worker disabled (training.worker.enabled=false): this node serves the API only");
            started = true;
            return;
        }
        NodeHardware hardware = gpus.hardware();
        deviceSlots = new DeviceSlots(hardware.devices(), properties.worker().slots(), properties.worker().gpuSlots());
        int slotCount = deviceSlots.total();
        nodes.register(node.id(), hardware, deviceSlots.capacity());
        // fresh executors on every start: a stopped worker can start again
        timers = Executors.newScheduledThreadPool(2, r -> daemon(r, "worker-timer"));
        collaborators = base.withTimers(timers);
        slots = Executors.newFixedThreadPool(Math.max(1, slotCount), r -> daemon(r, "job-slot"));
        warm.start(base.launcher().warmProfile(), properties.worker().warmProcessCount(),
                properties.worker().reuseForTrials() ? slotCount : 0, slotCount);
        claims = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "worker-claims"));
        started = true;
        long poll = properties.worker().pollInterval().toMillis();
        claims.scheduleWithFixedDelay(this::poll, 0, poll, TimeUnit.MILLISECONDS);
        queueSignal.subscribe(wake);
        queueListener.start(wake);
        log.info("worker {} started with {} slot(s): {}", node.id(), slotCount, deviceSlots.capacity());
    }

    /** The periodic round: this node's heartbeat, then claims while a slot is free. */
    void poll() {
        if (!started) {
            return;
        }
        try {
            nodes.heartbeat(node.id(), warm.ready());
        } catch (Exception e) {
            log.warn("worker heartbeat failed: {}", e.getMessage());
        }
        claimWhileFree();
    }

    /** Claims soon, on the claiming thread; wake-ups that arrive before it runs are one. */
    void wake() {
        ScheduledExecutorService executor = claims;
        if (!started || executor == null || !wakePending.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                wakePending.set(false);
                claimWhileFree();
            });
        } catch (RejectedExecutionException stopped) {
            wakePending.set(false);
        }
    }

    /** Claims jobs while a slot is free for a queued job's device. */
    private void claimWhileFree() {
        if (!started) {
            return;
        }
        try {
            while (true) {
                Instant leaseUntil = collaborators.clock().instant().plus(properties.worker().leaseDuration());
                Optional<ClaimedJob> claimed = collaborators.states().claimNext(node.id(), leaseUntil,
                        limits.maxRunningPerTenant(), deviceSlots.claimable(),
                        id -> collaborators.checkpoints().latest(id).map(CheckpointStore.Latest::describe).orElse(null));
                if (claimed.isEmpty()) {
                    return;
                }
                // only this thread takes slots, and the claim asked for a device with a free one: present
                String device = deviceSlots.take(claimed.get().device()).orElseThrow();
                JobRunner runner = new JobRunner(claimed.get(), device, collaborators, leaseUntil);
                running.put(claimed.get().id(), runner);
                metricsOut.running(running.size());
                slots.submit(() -> {
                    try {
                        runner.run();
                    } finally {
                        deviceSlots.release(device);
                        running.remove(claimed.get().id());
                        metricsOut.running(running.size());
                        wake(); // a slot is free: the next queued job need not wait for the poll
                    }
                });
            }
        } catch (Exception e) {
            log.warn("worker poll failed: {}", e.getMessage());
        }
    }

    /**
     * Graceful stop (SIGTERM): each training process checkpoints at its next batch and stops, and its job goes back
     * to the queue for another node; whatever has not stopped within the cancel grace period is killed and released.
     * Heartbeats go on meanwhile, so the leases stay ours until each job is handed back.
     */
    @Override
    public void stop() {
        started = false;
        queueSignal.unsubscribe(wake);
        queueListener.stop();
        if (claims != null) {
            claims.shutdown(); // a claim in flight finishes, so that its runner is among those suspended below
            try {
                claims.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.values().forEach(JobRunner::suspend);
        warm.stop();
        if (slots != null) {
            slots.shutdown();
            try {
                if (!slots.awaitTermination(properties.worker().cancelGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                    running.values().forEach(JobRunner::kill);
                    slots.awaitTermination(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        warm.awaitExited();
        if (timers != null) {
            timers.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
