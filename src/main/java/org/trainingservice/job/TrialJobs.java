package org.trainingservice.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.trainingservice.training.spec.JobSpec;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The jobs API for experiments: their trials are ordinary jobs, submitted, promoted, pruned and cancelled through the
 * same state machine and checked like every submitted spec.
 */
@Service
public class TrialJobs {

    private static final TypeReference<Map<String, Object>> HYPERPARAMETERS = new TypeReference<>() {
    };

    private final JobService service;
    private final TrainingJobRepository jobs;
    private final JobStateStore states;
    private final JsonMapper json;

    public TrialJobs(JobService service, TrainingJobRepository jobs, JobStateStore states, JsonMapper json) {
        this.service = service;
        this.jobs = jobs;
        this.states = states;
        this.json = json;
    }

    /** One trial as its experiment sees it. {@code result} is the trial's result so far (its rung's while paused). */
    public record Trial(UUID jobId, int number, JobStatus status, Map<String, Object> hyperparameters,
                        Integer pauseAtEpoch, int epoch, JsonNode result, Instant createdAt, Instant finishedAt) {
    }

    /** Checks a trial's spec exactly as a submitted job's, without submitting it. */
    @Transactional(readOnly = true)
    public JobService.Checked check(JobSpec spec, String tenant) {
        return service.check(spec, tenant);
    }

    /** Submits trial {@code number} of {@code experiment}; it pauses after {@code pauseAtEpoch} (null: never). */
    @Transactional
    public UUID submit(UUID experiment, int number, Map<String, Object> hyperparameters, JobSpec spec, String tenant,
                       Integer pauseAtEpoch) {
        JobService.Checked checked = service.check(spec, tenant);
        service.requireQueueRoom(tenant);
        TrainingJob job = service.newJob(checked, tenant);
        job.asTrial(experiment, number, json.writeValueAsString(hyperparameters), pauseAtEpoch);
        jobs.saveAndFlush(job);
        states.recordSubmitted(job.getId(), "submitted as trial " + number + " of experiment " + experiment);
        return job.getId();
    }

    @Transactional(readOnly = true)
    public List<Trial> trialsOf(UUID experiment) {
        return jobs.findByExperimentIdOrderByTrialNumber(experiment).stream().map(j -> new Trial(j.getId(),
                j.getTrialNumber(), j.getStatus(), json.readValue(j.getHyperparametersJson(), HYPERPARAMETERS),
                j.getPauseAtEpoch(), j.getProgressEpoch(), j.getResultJson() == null ? null : json.readTree(j.getResultJson()),
                j.getCreatedAt(), j.getFinishedAt())).toList();
    }

    /** Trials of every experiment, counted by status. */
    @Transactional(readOnly = true)
    public Map<String, Long> countsByStatus() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        jobs.countTrialsByStatus().forEach(row -> counts.put(((JobStatus) row[0]).name(), (Long) row[1]));
        return counts;
    }

    /** A paused trial continues from its checkpoint up to {@code pauseAtEpoch} (null: to the end). */
    @Transactional
    public boolean promote(UUID jobId, Integer pauseAtEpoch, String message) {
        return states.promote(jobId, pauseAtEpoch, message);
    }

    /** A paused trial that will not be promoted ends SUCCEEDED with its rung's result, marked {@code pruned}. */
    @Transactional
    public boolean prune(UUID jobId, String message) {
        TrainingJob job = jobs.findById(jobId).orElse(null);
        if (job == null || job.getStatus() != JobStatus.PAUSED || job.getResultJson() == null) {
            return false;
        }
        ObjectNode result = (ObjectNode) json.readTree(job.getResultJson());
        result.put("stopReason", "pruned");
        return states.prune(jobId, message, json.writeValueAsString(result));
    }

    /** Cancels a trial whatever it is doing (queued, running or paused). */
    @Transactional
    public boolean cancel(UUID jobId, String why) {
        return states.requestCancel(jobId, why);
    }
}
