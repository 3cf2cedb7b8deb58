package org.trainingservice.experiment;

import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.trainingservice.common.ConflictException;
import org.trainingservice.common.InvalidRequestException;
import org.trainingservice.common.NotFoundException;
import org.trainingservice.job.JobStatus;
import org.trainingservice.job.TrialJobs;
import tools.jackson.databind.json.JsonMapper;

/** The experiments API's use cases: submit, cancel, and the trials whose models answer predictions. */
@Service
class ExperimentService {

    /** The most trials one prediction averages: each is a model evaluated per request. */
    static final int MAX_ENSEMBLE = 20;

    private final ExperimentSubmission submission;
    private final ExperimentStore store;
    private final ExperimentReader reader;
    private final TrialJobs trials;
    private final JsonMapper json;

    ExperimentService(ExperimentSubmission submission, ExperimentStore store, ExperimentReader reader, TrialJobs trials,
                      JsonMapper json) {
        this.submission = submission;
        this.store = store;
        this.reader = reader;
        this.trials = trials;
        this.json = json;
    }

    @Transactional
    public ExperimentView submit(ExperimentSpec submitted, String tenant) {
        ExperimentSpec spec = submission.normalize(submitted, tenant);
        UUID id = UUID.randomUUID();
        store.insert(id, tenant, spec.name(), json.writeValueAsString(spec));
        return reader.get(id, tenant);
    }

    /**
     * Stops proposing and cancels every queued, running and paused trial at once; the experiment is CANCELLED once
     * its running trials have stopped.
     */
    @Transactional
    public ExperimentView cancel(UUID id, String tenant) {
        ExperimentStore.Row row = store.find(id, tenant).orElseThrow(() -> new NotFoundException("experiment", id));
        if (row.status().isFinal() || row.status() == ExperimentStatus.CANCELLING) {
            throw new ConflictException("experiment " + id + " is already " + row.status()
                    + "; only a RUNNING experiment can be cancelled");
        }
        store.move(id, ExperimentStatus.CANCELLING, "cancel requested; cancelling its trials");
        trials.trialsOf(id).stream().filter(t -> JobStatus.CANCELLABLE.contains(t.status()))
                .forEach(t -> trials.cancel(t.jobId(), " with its experiment"));
        return reader.get(id, tenant);
    }

    /** The job of the best trial, for predictions and the model download. */
    @Transactional(readOnly = true)
    public UUID bestJob(UUID id, String tenant) {
        return best(id, tenant).jobId();
    }

    /**
     * The trials whose models answer a prediction: the best trial for {@code ensemble = 1} (as {@link #bestJob}),
     * else the best {@code ensemble} trials that trained to the end (fewer while fewer have).
     */
    @Transactional(readOnly = true)
    public List<Predictor> predictors(UUID id, String tenant, int ensemble) {
        if (ensemble < 1 || ensemble > MAX_ENSEMBLE) {
            throw new InvalidRequestException("ensemble", "must be between 1 and " + MAX_ENSEMBLE
                    + ": how many of the best trials' predictions to average (1: the best trial alone)");
        }
        if (ensemble == 1) {
            ExperimentView.Best best = best(id, tenant);
            return List.of(new Predictor(best.trialNumber(), best.jobId()));
        }
        List<TrialJobs.Trial> ranked = reader.ranked(id, tenant);
        if (ranked.isEmpty()) {
            throw new ConflictException("experiment " + id + " has no trial that trained to the end yet (pruned and "
                    + "paused trials do not count); wait for one, or ask for ensemble=1");
        }
        return ranked.subList(0, Math.min(ensemble, ranked.size())).stream()
                .map(t -> new Predictor(t.number(), t.jobId())).toList();
    }

    private ExperimentView.Best best(UUID id, String tenant) {
        ExperimentView view = reader.get(id, tenant);
        if (view.best() == null) {
            throw new ConflictException("experiment " + id + " has no trial with a result yet; wait for the first "
                    + "trial to report (GET /api/v1/experiments/" + id + ")");
        }
        return view.best();
    }

    /** A trial that answers predictions, and its job. */
    public record Predictor(int trialNumber, UUID jobId) {
    }
}
