package org.trainingservice.scheduler;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.trainingservice.checkpoint.CheckpointStore;
import org.trainingservice.common.DatabaseUnavailable;
import org.trainingservice.common.TrainingProperties;
import org.trainingservice.job.JobQueueSignal;
import org.trainingservice.job.JobStateStore;
import org.trainingservice.metrics.MetricStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the {@link Worker} is made of, in three groups so that its constructor stays short: what every attempt on this
 * node needs ({@link JobRunner.Collaborators}), this node, and what tells it that a job was queued.
 */
@Configuration(proxyBeanMethods = false)
class WorkerParts {

    /** This node: its id, its row in {@code worker_node}, and the devices it registers there. */
    record ThisNode(NodeIdentity identity, WorkerNodes nodes, GpuProbe gpus) {
    }

    /** What wakes the worker to claim: a job queued in this process, or on another node (PostgreSQL's NOTIFY). */
    record QueueSignals(JobQueueSignal inProcess, JobQueueListener fromOtherNodes) {
    }

    @Bean
    ThisNode thisNode(NodeIdentity identity, WorkerNodes nodes, GpuProbe gpus) {
        return new ThisNode(identity, nodes, gpus);
    }

    @Bean
    QueueSignals queueSignals(JobQueueSignal inProcess, JobQueueListener fromOtherNodes) {
        return new QueueSignals(inProcess, fromOtherNodes);
    }

    /** The runners' collaborators without timers: the worker adds its own when it starts. */
    @Bean
    JobRunner.Collaborators runnerCollaborators(JobStateStore states, MetricStore metrics, AttemptWriter writer,
                                                CheckpointStore checkpoints, TrainingDataLoader loader,
                                                TrainingProcessLauncher launcher, WarmProcesses warm,
                                                TrainingProperties properties, NodeIdentity node, JsonMapper json,
                                                Clock clock, TrainingMetrics meters, DatabaseUnavailable database) {
        return new JobRunner.Collaborators(states, metrics, writer, checkpoints, loader, launcher, warm, properties,
                node.id(), json, clock, null, meters, database);
    }
}
