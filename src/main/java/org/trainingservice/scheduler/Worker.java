package org.trainingservice.scheduler;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.trainingservice.common.LimitsProperties;
import org.trainingservice.common.TrainingProperties;
import org.trainingservice.job.ClaimedJob;
import org.trainingservice.job.JobStateStore;
import org.trainingservice.metrics.MetricStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * This node's worker: registers the node, claims queued jobs while it has free slots, and runs each in a
 * {@link JobRunner}. {@code training.worker.enabled=false} makes an API-only node. On shutdown it stops its training
 * processes and gives their jobs back to the queue, so that another node continues at once.
 */
@Component
public class Worker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final TrainingProperties properties;
    private final NodeIdentity node;
    private final WorkerNodes nodes;
    private final GpuProbe gpus;
    private final LimitsProperties limits;
    private final JobRunner.Collaborators collaborators;
    private final Map<UUID, JobRunner> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private ExecutorService slots;
    private volatile boolean started;

    public Worker(TrainingProperties properties, NodeIdentity node, WorkerNodes nodes, GpuProbe gpus,
                  JobStateStore states, MetricStore metrics, TrainingDataLoader loader,
                  TrainingProcessLauncher launcher, LimitsProperties limits, JsonMapper json, Clock clock) {
        this.limits = limits;
        this.properties = properties;
        this.node = node;
        this.nodes = nodes;
        this.gpus = gpus;
        this.timers = Executors.newScheduledThreadPool(2, r -> daemon(r, "worker-timer"));
        this.collaborators = new JobRunner.Collaborators(states, metrics, loader, launcher, properties, node.id(), json,
                clock, timers);
    }

    @Override
    public void start() {
        if (!properties.worker().enabled()) {
            log.info("worker disabled (training.worker.enabled=false): this node serves the API only");
            started = true;
            return;
        }
        int slotCount = properties.worker().slots();
        nodes.register(node.id(), gpus.devices(), slotCount);
        slots = Executors.newFixedThreadPool(slotCount, r -> daemon(r, "job-slot"));
        long poll = properties.worker().pollInterval().toMillis();
        timers.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
        started = true;
        log.info("worker {} started with {} slot(s), devices {}", node.id(), slotCount, gpus.devices());
    }

    /** Claims jobs while a slot is free. */
    void poll() {
        try {
            nodes.heartbeat(node.id());
            while (running.size() < properties.worker().slots()) {
                Optional<ClaimedJob> claimed = collaborators.states().claimNext(node.id(),
                        collaborators.clock().instant().plus(properties.worker().leaseDuration()),
                        limits.maxRunningPerTenant());
                if (claimed.isEmpty()) {
                    return;
                }
                JobRunner runner = new JobRunner(claimed.get(), collaborators);
                running.put(claimed.get().id(), runner);
                slots.submit(() -> {
                    try {
                        runner.run();
                    } finally {
                        running.remove(claimed.get().id());
                    }
                });
            }
        } catch (Exception e) {
            log.warn("worker poll failed: {}", e.getMessage());
        }
    }

    /** The jobs this node runs now. */
    public Set<UUID> runningJobs() {
        return Set.copyOf(running.keySet());
    }

    @Override
    public void stop() {
        started = false;
        timers.shutdownNow();
        running.values().forEach(JobRunner::release);
        if (slots != null) {
            slots.shutdown();
            try {
                if (!slots.awaitTermination(10, TimeUnit.SECONDS)) {
                    slots.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
