package org.trainingservice.job;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.trainingservice.common.ConflictException;
import org.trainingservice.common.FieldProblem;
import org.trainingservice.common.InvalidRequestException;
import org.trainingservice.common.NotFoundException;
import org.trainingservice.common.TooManyRequestsException;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.JobSpecValidator;
import org.trainingservice.training.spec.ModelType;
import org.trainingservice.training.spec.SubmittedFields;
import org.trainingservice.training.spec.Task;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The jobs API's use cases: submit, inspect, list, cancel. */
@Service
public class JobService {

    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> HYPERPARAMETERS = new TypeReference<>() {
    };

    private final TrainingJobRepository jobs;
    private final JobTransitionRepository transitions;
    private final JobStateStore states;
    private final JobDatasets datasets;
    private final DeviceCatalog devices;
    private final SubmissionLimits limits;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<UUID, VersionedJob> recentViews = recentlyUsed(1000);

    public JobService(TrainingJobRepository jobs, JobTransitionRepository transitions, JobStateStore states,
                      JobDatasets datasets, DeviceCatalog devices, SubmissionLimits limits, JsonMapper json, Clock clock) {
        this.limits = limits;
        this.jobs = jobs;
        this.transitions = transitions;
        this.states = states;
        this.datasets = datasets;
        this.devices = devices;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public JobView submit(JobSpec submitted, String tenant) {
        Checked checked = check(submitted, tenant);
        requireQueueRoom(tenant);
        TrainingJob job = newJob(checked, tenant);
        jobs.saveAndFlush(job);
        states.recordSubmitted(job.getId(), "submitted");
        return view(job, true);
    }

    /** A spec with its defaults applied, checked like every submitted one, and the dataset it names. */
    public record Checked(JobSpec spec, JobDatasets.Resolved dataset) {
    }

    /**
     * Applies the defaults and checks the spec, its dataset and the operator's limits; every refusal names the field
     * and the fix.
     *
     * @throws InvalidRequestException with every problem found
     */
    public Checked check(JobSpec submitted, String tenant) {
        if (submitted == null) {
            throw new InvalidRequestException("", "the body must be a job spec, a JSON object: at least {\"dataset\": {\"builtin\": \"moons\"}}");
        }
        List<FieldProblem> problems = new ArrayList<>();
        JobDatasets.Resolved dataset = datasets.resolve(submitted.dataset(), tenant, problems);
        Task task = submitted.task() != null ? submitted.task() : dataset == null ? Task.CLASSIFICATION : dataset.task();
        JobSpec spec = submitted.withDefaults(task);
        JobSpecValidator.validate(spec).forEach(v -> problems.add(new FieldProblem(v.field(), v.message())));
        if (dataset != null && dataset.task() != task) {
            problems.add(new FieldProblem("task", "the dataset is a " + dataset.task().name().toLowerCase()
                    + " dataset; leave task out or set it to " + dataset.task().name().toLowerCase()));
        }
        if (dataset != null && spec.model().type() == ModelType.CNN && !dataset.images()) {
            problems.add(new FieldProblem("model.type", "a cnn needs an image dataset (IDX upload); use mlp for tabular data"));
        }
        limits.check(spec, dataset, problems);
        DeviceRequirement.refusal(spec.training().device(), devices.devicesByNode())
                .ifPresent(refusal -> problems.add(new FieldProblem("training.device", refusal)));
        if (!problems.isEmpty()) {
            SubmittedFields given = SubmittedFields.of(submitted);
            throw new InvalidRequestException(problems.stream()
                    .map(p -> new FieldProblem(p.field(), given.explain(p.field(), p.message(), spec))).toList());
        }
        return new Checked(spec, dataset);
    }

    /** @throws TooManyRequestsException when the tenant already has as many queued jobs as allowed */
    public void requireQueueRoom(String tenant) {
        long queued = jobs.countByTenantAndStatus(tenant, JobStatus.QUEUED);
        if (queued >= limits.limits().maxQueuedPerTenant()) {
            throw new TooManyRequestsException("tenant " + tenant + " already has " + queued + " queued jobs, the most "
                    + "allowed (training.limits.max-queued-per-tenant); wait for some to start or cancel them");
        }
    }

    /** A new QUEUED job row for a checked spec (not saved yet). */
    public TrainingJob newJob(Checked checked, String tenant) {
        JobSpec spec = checked.spec();
        return new TrainingJob(UUID.randomUUID(), tenant, spec.name(), json.writeValueAsString(spec),
                checked.dataset() == null ? null : checked.dataset().id(), spec.training().device(), spec.priority(),
                spec.training().epochs(), clock.instant());
    }

    /** A job and the version it was read at (its ETag). */
    public record VersionedJob(JobView view, long version) {
    }

    /**
     * The job as {@code GET /api/v1/jobs/{id}} shows it. Dashboards poll this; every change to a job bumps its
     * version, so a view built for the current version is reused, and a poll costs one indexed read of the version
     * instead of loading the row and its history and parsing its spec, metrics and result again.
     */
    @Transactional(readOnly = true)
    public VersionedJob getVersioned(UUID id, String tenant) {
        long current = jobs.findVersion(id, tenant).orElseThrow(() -> new NotFoundException("job", id));
        VersionedJob cached = recentViews.get(id);
        if (cached != null && cached.version() == current) {
            return cached;
        }
        TrainingJob job = find(id, tenant);
        VersionedJob loaded = new VersionedJob(view(job, true), job.getVersion());
        recentViews.put(id, loaded);
        return loaded;
    }

    @Transactional(readOnly = true)
    public JobPage list(String tenant, List<JobStatus> statuses, Instant updatedAfter, int page, int size) {
        if (page < 0) {
            throw new InvalidRequestException("page", "must be 0 or more");
        }
        if (size < 1 || size > 200) {
            throw new InvalidRequestException("size", "must be between 1 and 200");
        }
        Specification<TrainingJob> filter = (root, query, cb) -> cb.conjunction();
        if (tenant != null) {
            filter = filter.and((root, query, cb) -> cb.equal(root.get("tenant"), tenant));
        }
        if (statuses != null && !statuses.isEmpty()) {
            filter = filter.and((root, query, cb) -> root.get("status").in(statuses));
        }
        if (updatedAfter != null) {
            filter = filter.and((root, query, cb) -> cb.greaterThan(root.get("updatedAt"), updatedAfter));
        }
        Page<TrainingJob> result = jobs.findAll(filter, PageRequest.of(page, size,
                Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"))));
        return new JobPage(result.map(j -> view(j, false)).getContent(), page, size, result.getTotalElements(),
                result.getTotalPages());
    }

    /**
     * Not one transaction: the cancel commits in its own, and the answer is read afterwards, so that it shows the
     * state the cancel led to.
     */
    public JobView cancel(UUID id, String tenant) {
        TrainingJob job = find(id, tenant);
        if (job.getStatus().isFinal()) {
            throw new ConflictException("job " + id + " is already " + job.getStatus() + "; only QUEUED, RUNNING or "
                    + "PAUSED jobs can be cancelled");
        }
        states.requestCancel(id, "");
        return getVersioned(id, tenant).view();
    }

    /** The job's status; 404 unless the job exists and the tenant may see it. */
    /** How many jobs are in {@code status}, across all tenants and nodes (the queue-depth gauges). */
    @Transactional(readOnly = true)
    public long count(JobStatus status) {
        return jobs.countByStatus(status);
    }

    @Transactional(readOnly = true)
    public JobStatus status(UUID id, String tenant) {
        return find(id, tenant).getStatus();
    }

    /** 404 unless the job exists and the tenant may see it. */
    @Transactional(readOnly = true)
    public void requireVisible(UUID id, String tenant) {
        find(id, tenant);
    }

    TrainingJob find(UUID id, String tenant) {
        return jobs.findById(id).filter(j -> tenant == null || j.getTenant().equals(tenant))
                .orElseThrow(() -> new NotFoundException("job", id));
    }

    /** A map holding at most {@code capacity} entries, dropping the least recently used. */
    private static <K, V> Map<K, V> recentlyUsed(int capacity) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        });
    }

    private JobView view(TrainingJob job, boolean detailed) {
        List<JobView.Transition> history = detailed
                ? transitions.findByJobIdOrderByIdAsc(job.getId()).stream()
                .map(t -> new JobView.Transition(t.getStatus(), t.getTransitionedAt(), t.getMessage(), t.getNode()))
                .toList()
                : null;
        return new JobView(job.getId(), job.getName(), job.getStatus(), job.getStatusMessage(),
                new JobView.Progress(job.getProgressEpoch(), job.getProgressTotalEpochs(), job.getProgressFraction(),
                        job.getEtaSeconds(), job.getProgressLabel()),
                job.getLatestMetricsJson() == null ? Map.of() : json.readValue(job.getLatestMetricsJson(), METRICS),
                job.getResultJson() == null ? null : json.readTree(job.getResultJson()),
                job.getAttempt(), job.getNode(), job.getDevice(), job.getPriority(), job.getDatasetId(),
                job.getCreatedAt(), job.getUpdatedAt(), job.getStartedAt(), job.getFinishedAt(),
                detailed ? json.readValue(job.getSpecJson(), JobSpec.class) : null, history, trial(job));
    }

    private JobView.Trial trial(TrainingJob job) {
        return job.getExperimentId() == null ? null : new JobView.Trial(job.getExperimentId(), job.getTrialNumber(),
                json.readValue(job.getHyperparametersJson(), HYPERPARAMETERS));
    }

}
