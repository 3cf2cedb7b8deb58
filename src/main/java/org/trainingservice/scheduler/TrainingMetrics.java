package org.trainingservice.scheduler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import org.trainingservice.job.JobService;
import org.trainingservice.job.JobStatus;

/**
 * The service's own numbers for {@code /actuator/prometheus}, all named {@code training_*}: queue depth by status
 * (from the database, so every node reports the shared queue), jobs running on this node, training throughput,
 * job durations, failures by reason and checkpoint bytes written.
 */
@Component
class TrainingMetrics {

    private final MeterRegistry registry;
    private final AtomicReference<Double> samplesPerSecond = new AtomicReference<>(0.0);
    private final AtomicInteger running = new AtomicInteger();
    private final Counter checkpointBytes;
    private final Timer durations;

    public TrainingMetrics(MeterRegistry registry, JobService jobs, NodeIdentity node) {
        this.registry = registry;
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("training_queue_depth", () -> jobs.count(status))
                    .description("jobs in each state, across all nodes").tag("status", status.name()).register(registry);
        }
        Gauge.builder("training_running_jobs", running::get)
                .description("jobs training on this node").tag("node", node.id()).register(registry);
        Gauge.builder("training_samples_per_second", samplesPerSecond::get)
                .description("training samples per second of the latest epoch on this node").tag("node", node.id())
                .register(registry);
        this.checkpointBytes = Counter.builder("training_checkpoint_bytes").baseUnit("bytes")
                .description("bytes of checkpoints written").register(registry);
        this.durations = Timer.builder("training_job_duration").description("wall-clock time of finished jobs")
                .publishPercentileHistogram().register(registry);
    }

    void running(int jobs) {
        running.set(jobs);
    }

    void epoch(long samples, double seconds) {
        if (seconds > 0) {
            samplesPerSecond.set(samples / seconds);
        }
    }

    void checkpoint(long bytes) {
        checkpointBytes.increment(bytes);
    }

    void finished(Duration duration) {
        durations.record(duration);
    }

    void failed(String reason) {
        Counter.builder("training_job_failures").description("jobs that failed, by reason").tag("reason", reason)
                .register(registry).increment();
    }
}
