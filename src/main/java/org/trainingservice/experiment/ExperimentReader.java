package org.trainingservice.experiment;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.trainingservice.common.InvalidRequestException;
import org.trainingservice.common.NotFoundException;
import org.trainingservice.experiment.search.Direction;
import org.trainingservice.experiment.search.Searchers;
import org.trainingservice.job.JobStatus;
import org.trainingservice.job.TrialJobs;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Experiments and their leaderboards as the API shows them, built from the experiment's rows and its trials' jobs. */
@Component
class ExperimentReader {

    private static final TypeReference<Map<String, Map<String, Double>>> METRICS = new TypeReference<>() {
    };

    private final ExperimentStore store;
    private final TrialJobs trials;
    private final JsonMapper json;
    private final Clock clock;

    ExperimentReader(ExperimentStore store, TrialJobs trials, JsonMapper json, Clock clock) {
        this.store = store;
        this.trials = trials;
        this.json = json;
        this.clock = clock;
    }

    /** 404 unless the experiment exists and the tenant may see it (null tenant: an admin, sees all). */
    @Transactional(readOnly = true)
    ExperimentView get(UUID id, String tenant) {
        return view(store.find(id, tenant).orElseThrow(() -> new NotFoundException("experiment", id)), true);
    }

    /** The experiment's trials that trained to the end, best first; 404 as {@link #get}. */
    @Transactional(readOnly = true)
    List<TrialJobs.Trial> ranked(UUID id, String tenant) {
        ExperimentStore.Row row = store.find(id, tenant).orElseThrow(() -> new NotFoundException("experiment", id));
        ExperimentPlan plan = ExperimentPlan.of(json.readValue(row.specJson(), ExperimentSpec.class), json);
        return new TrialStates(trials.trialsOf(id), List.of(), plan.objectiveMetric(), plan.direction()).ranked();
    }

    @Transactional(readOnly = true)
    ExperimentPage list(String tenant, int page, int size) {
        if (page < 0) {
            throw new InvalidRequestException("page", "must be 0 or more");
        }
        if (size < 1 || size > 200) {
            throw new InvalidRequestException("size", "must be between 1 and 200");
        }
        long total = store.count(tenant);
        List<ExperimentView> items = store.page(tenant, page, size).stream().map(r -> view(r, false)).toList();
        return new ExperimentPage(items, page, size, total, (int) ((total + size - 1) / size));
    }

    /** The leaderboard, sorted by objective (best first for {@code order=best}) or by trial number, paged. */
    @Transactional(readOnly = true)
    TrialPage leaderboard(UUID id, String tenant, String sort, String order, int page, int size) {
        ExperimentView experiment = get(id, tenant);
        if (!List.of("objective", "trialNumber").contains(sort)) {
            throw new InvalidRequestException("sort", "must be objective or trialNumber");
        }
        if (!List.of("asc", "desc", "best").contains(order)) {
            throw new InvalidRequestException("order", "must be asc, desc or best (best first for the objective's mode)");
        }
        if (page < 0 || size < 1 || size > 200) {
            throw new InvalidRequestException(page < 0 ? "page" : "size", page < 0 ? "must be 0 or more"
                    : "must be between 1 and 200");
        }
        ExperimentPlan plan = ExperimentPlan.of(experiment.spec(), json);
        List<Integer> rungs = Searchers.rungs(plan.settings());
        Comparator<LeaderboardRow> comparator = sort.equals("trialNumber")
                ? Comparator.comparingInt(LeaderboardRow::trialNumber)
                : Comparator.comparing(LeaderboardRow::objective, Comparator.nullsLast(Comparator.naturalOrder()));
        boolean descending = order.equals("desc") || (order.equals("best") && plan.direction() == Direction.MAXIMIZE);
        if (descending) {
            comparator = sort.equals("trialNumber") ? comparator.reversed()
                    : Comparator.comparing(LeaderboardRow::objective, Comparator.nullsLast(Comparator.reverseOrder()));
        }
        List<LeaderboardRow> rows = trials.trialsOf(id).stream().map(t -> row(t, plan, rungs))
                .sorted(comparator.thenComparingInt(LeaderboardRow::trialNumber)).toList();
        int from = Math.min(rows.size(), page * size);
        List<LeaderboardRow> items = rows.subList(from, Math.min(rows.size(), from + size));
        return new TrialPage(items, page, size, rows.size(), (rows.size() + size - 1) / size);
    }

    private LeaderboardRow row(TrialJobs.Trial t, ExperimentPlan plan, List<Integer> rungs) {
        JsonNode r = t.result();
        Integer epochsRun = r == null ? null : r.path("epochsRun").asInt();
        Integer rung = epochsRun == null || plan.settings().type() != org.trainingservice.experiment.search.SearcherType.ASHA
                ? null : (int) rungs.stream().filter(e -> e <= epochsRun).count() - 1;
        return new LeaderboardRow(t.number(), t.jobId(), t.status(), r == null ? null : r.path("stopReason").asString(null),
                t.hyperparameters(), TrialStates.objective(r, plan.objectiveMetric()), rung,
                r == null ? null : r.path("bestEpoch").asInt(), epochsRun,
                r == null ? null : json.convertValue(r.get("metrics"), METRICS),
                r == null || !r.path("generalizationGap").isNumber() ? null : r.get("generalizationGap").asDouble(),
                r == null ? null : r.path("diagnosis").asString(null));
    }

    private ExperimentView view(ExperimentStore.Row row, boolean detailed) {
        ExperimentSpec spec = json.readValue(row.specJson(), ExperimentSpec.class);
        ExperimentPlan plan = ExperimentPlan.of(spec, json);
        List<TrialJobs.Trial> all = trials.trialsOf(row.id());
        TrialStates states = new TrialStates(all, List.of(), plan.objectiveMetric(), plan.direction());
        ExperimentView.Counts counts = new ExperimentView.Counts(count(all, JobStatus.QUEUED),
                count(all, JobStatus.RUNNING) + count(all, JobStatus.CANCELLING), count(all, JobStatus.PAUSED),
                all.stream().filter(t -> t.status() == JobStatus.SUCCEEDED && !TrialStates.pruned(t)).count(),
                all.stream().filter(TrialStates::pruned).count(), count(all, JobStatus.FAILED),
                count(all, JobStatus.CANCELLED));
        ExperimentView.Best best = states.best().map(b -> new ExperimentView.Best(b.number(), b.jobId(),
                b.hyperparameters(), TrialStates.objective(b.result(), plan.objectiveMetric()),
                json.convertValue(b.result().get("metrics"), METRICS))).orElse(null);
        return new ExperimentView(row.id(), row.name(), row.status(), row.statusMessage(), spec.searcher().type(),
                spec.objective().metric(), counts, best, progress(row, plan, all), row.createdAt(), row.updatedAt(),
                row.finishedAt(), detailed ? spec : null, detailed ? store.transitions(row.id()).stream()
                .map(t -> new ExperimentView.Transition(t.status(), t.at(), t.message())).toList() : null);
    }

    /**
     * Trials that finished or paused, against the budget; the ETA extrapolates the time so far. Epochs used add up each
     * trial's last epoch: a promoted trial continues, it does not train its first epochs again.
     */
    private ExperimentView.Progress progress(ExperimentStore.Row row, ExperimentPlan plan, List<TrialJobs.Trial> all) {
        int maxTrials = plan.settings().maxTrials();
        long done = all.stream().filter(t -> t.status().isFinal() || t.status() == JobStatus.PAUSED).count();
        long epochs = all.stream().mapToLong(TrialJobs.Trial::epoch).sum();
        double fraction = row.status().isFinal() ? 1.0 : Math.min(0.99, (double) done / maxTrials);
        Long eta = row.status().isFinal() || fraction <= 0 ? null
                : Math.round(Duration.between(row.createdAt(), clock.instant()).toSeconds() * (1 - fraction) / fraction);
        return new ExperimentView.Progress(all.size(), maxTrials, epochs, fraction, eta);
    }

    private static long count(List<TrialJobs.Trial> all, JobStatus status) {
        return all.stream().filter(t -> t.status() == status).count();
    }
}
