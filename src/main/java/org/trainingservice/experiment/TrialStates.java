package org.trainingservice.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.trainingservice.experiment.search.Direction;
import org.trainingservice.experiment.search.TrialPhase;
import org.trainingservice.experiment.search.TrialView;
import org.trainingservice.job.JobStatus;
import org.trainingservice.job.TrialJobs;
import tools.jackson.databind.JsonNode;

/** An experiment's trials as its searcher sees them, rebuilt from the trials' jobs and the rung reports. */
record TrialStates(List<TrialJobs.Trial> trials, List<ExperimentStore.Report> reports, String metric,
                   Direction direction) {

    /** A trial's phase: a job's status, with pruned trials (SUCCEEDED with {@code stopReason: pruned}) told apart. */
    static TrialPhase phase(TrialJobs.Trial t) {
        return switch (t.status()) {
            case QUEUED -> TrialPhase.QUEUED;
            case RUNNING, CANCELLING -> TrialPhase.RUNNING;
            case PAUSED -> TrialPhase.PAUSED;
            case SUCCEEDED -> pruned(t) ? TrialPhase.PRUNED : TrialPhase.SUCCEEDED;
            case FAILED -> TrialPhase.FAILED;
            case CANCELLED -> TrialPhase.CANCELLED;
        };
    }

    static boolean pruned(TrialJobs.Trial t) {
        return t.result() != null && "pruned".equals(t.result().path("stopReason").asString(null));
    }

    /** The objective a result shows on validation data, or null when it has none. */
    static Double objective(JsonNode result, String metric) {
        JsonNode v = result == null ? null : result.path("metrics").path("validation").get(metric);
        return v == null || !v.isNumber() ? null : v.asDouble();
    }

    List<TrialView> views() {
        List<TrialView> views = new ArrayList<>();
        for (TrialJobs.Trial t : trials) {
            SortedMap<Integer, Double> rungs = new TreeMap<>();
            reports.stream().filter(r -> r.trialNumber() == t.number()).forEach(r -> rungs.put(r.epoch(), r.objective()));
            TrialPhase phase = phase(t);
            Double objective = phase == TrialPhase.SUCCEEDED || phase == TrialPhase.PRUNED ? objective(t.result(), metric)
                    : null;
            views.add(new TrialView(t.number(), t.hyperparameters(), phase, rungs, objective));
        }
        return views;
    }

    /** Trials QUEUED or RUNNING (CANCELLING included): they hold a slot. */
    long active() {
        return trials.stream().filter(t -> t.status() == JobStatus.QUEUED || JobStatus.LEASED.contains(t.status())).count();
    }

    /**
     * The best trial: by objective among those that trained to the end; while none has, among every trial that
     * reported (a paused or pruned trial's objective is its last rung's).
     */
    Optional<TrialJobs.Trial> best() {
        List<TrialJobs.Trial> complete = ranked();
        return complete.isEmpty() ? trials.stream().filter(t -> objective(t.result(), metric) != null
                && (t.status() == JobStatus.SUCCEEDED || t.status() == JobStatus.PAUSED)).min(byObjective())
                : Optional.of(complete.get(0));
    }

    /** The trials that trained to the end (SUCCEEDED, not pruned) with an objective, best first; ties by number. */
    List<TrialJobs.Trial> ranked() {
        return trials.stream().filter(t -> t.status() == JobStatus.SUCCEEDED && !pruned(t)
                && objective(t.result(), metric) != null).sorted(byObjective()).toList();
    }

    private Comparator<TrialJobs.Trial> byObjective() {
        Comparator<TrialJobs.Trial> byObjective = Comparator.comparingDouble(t -> objective(t.result(), metric));
        if (direction == Direction.MAXIMIZE) {
            byObjective = byObjective.reversed();
        }
        return byObjective.thenComparingInt(TrialJobs.Trial::number);
    }

    Map<Integer, TrialJobs.Trial> byNumber() {
        Map<Integer, TrialJobs.Trial> map = new java.util.HashMap<>();
        trials.forEach(t -> map.put(t.number(), t));
        return map;
    }
}
