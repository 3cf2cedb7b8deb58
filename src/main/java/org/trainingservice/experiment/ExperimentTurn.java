package org.trainingservice.experiment;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.trainingservice.common.InvalidRequestException;
import org.trainingservice.common.TooManyRequestsException;
import org.trainingservice.experiment.search.Complete;
import org.trainingservice.experiment.search.Decision;
import org.trainingservice.experiment.search.Promote;
import org.trainingservice.experiment.search.Propose;
import org.trainingservice.experiment.search.Searcher;
import org.trainingservice.experiment.search.SpecPaths;
import org.trainingservice.experiment.search.TrialPhase;
import org.trainingservice.experiment.search.TrialView;
import org.trainingservice.job.JobStatus;
import org.trainingservice.job.TrialJobs;
import org.trainingservice.training.spec.JobSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * One node's turn at one experiment, under the experiment's row lock (so two nodes never start the same trial or
 * promote one twice): record what trials reported, then let the searcher fill the free slots, or end the experiment.
 * Everything it needs is read from the rows, so any node can take the next turn and a killed node loses nothing.
 */
@Component
class ExperimentTurn {

    private final ExperimentStore store;
    private final TrialJobs trialJobs;
    private final ExperimentMeters meters;
    private final JsonMapper json;
    private final Clock clock;

    ExperimentTurn(ExperimentStore store, TrialJobs trialJobs, ExperimentMeters meters, JsonMapper json, Clock clock) {
        this.store = store;
        this.trialJobs = trialJobs;
        this.meters = meters;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public void take(UUID id) {
        Optional<ExperimentStore.Row> locked = store.lockActive(id);
        if (locked.isEmpty()) {
            return;
        }
        ExperimentStore.Row row = locked.get();
        ExperimentPlan plan = ExperimentPlan.of(json.readValue(row.specJson(), ExperimentSpec.class), json);
        List<TrialJobs.Trial> trials = trialJobs.trialsOf(id);
        TrialStates states = new TrialStates(trials, recordReports(id, trials, plan), plan.objectiveMetric(),
                plan.direction());
        announceBest(id, states);
        if (row.status() == ExperimentStatus.CANCELLING) {
            trials.stream().filter(t -> JobStatus.CANCELLABLE.contains(t.status()))
                    .forEach(t -> trialJobs.cancel(t.jobId(), " with its experiment"));
            if (states.active() == 0) {
                store.move(id, ExperimentStatus.CANCELLED, "cancelled; " + summary(states));
            }
            return;
        }
        List<TrialView> views = new ArrayList<>(states.views());
        if (plan.stopping().tooManyFailures(views)) {
            end(id, states, ExperimentStatus.FAILED, "more than half of the finished trials failed (see their jobs)");
            return;
        }
        Optional<String> stop = plan.stopping().reasonToStop(views, Duration.between(row.createdAt(), clock.instant()),
                plan.direction());
        if (stop.isPresent()) {
            end(id, states, ExperimentStatus.SUCCEEDED, stop.get());
            return;
        }
        fillSlots(row, plan, states, views);
    }

    private void fillSlots(ExperimentStore.Row row, ExperimentPlan plan, TrialStates states, List<TrialView> views) {
        Searcher searcher = plan.searcher();
        Map<Integer, TrialJobs.Trial> byNumber = states.byNumber();
        while (active(views) < plan.settings().maxConcurrentTrials()) {
            Decision decision = searcher.next(views);
            meters.decision(decision);
            if (decision instanceof Propose p) {
                int number = views.size() + 1;
                UUID job;
                try {
                    JobSpec spec = json.treeToValue(SpecPaths.apply(plan.baseSpec(), p.hyperparameters(), json), JobSpec.class);
                    job = trialJobs.submit(row.id(), number, p.hyperparameters(), spec, row.tenant(), p.pauseAtEpoch());
                } catch (TooManyRequestsException full) {
                    return; // the tenant's queue is full: the next turn tries again
                } catch (InvalidRequestException invalid) {
                    end(row.id(), states, ExperimentStatus.FAILED, "trial " + number + " would be invalid: "
                            + invalid.getMessage());
                    return;
                }
                event(row.id(), "trial_started", Map.of("trialNumber", number, "jobId", job.toString(),
                        "hyperparameters", p.hyperparameters()));
                views.add(new TrialView(number, p.hyperparameters(), TrialPhase.QUEUED, new TreeMap<>(), null));
            } else if (decision instanceof Promote p) {
                TrialJobs.Trial trial = byNumber.get(p.trialNumber());
                String to = p.pauseAtEpoch() == null ? "the last epoch" : "epoch " + p.pauseAtEpoch();
                trialJobs.promote(trial.jobId(), p.pauseAtEpoch(), "promoted by its experiment: continues from its "
                        + "checkpoint at epoch " + trial.epoch() + " to " + to);
                event(row.id(), "trial_promoted", Map.of("trialNumber", p.trialNumber(), "fromEpoch", trial.epoch(),
                        "toEpoch", p.pauseAtEpoch() == null ? plan.settings().maxEpochs() : p.pauseAtEpoch()));
                views.replaceAll(v -> v.number() == p.trialNumber()
                        ? new TrialView(v.number(), v.hyperparameters(), TrialPhase.QUEUED, v.rungValues(), null) : v);
            } else if (decision instanceof Complete c) {
                if (active(views) == 0) {
                    end(row.id(), states, ExperimentStatus.SUCCEEDED, c.reason());
                }
                return;
            } else {
                return; // Wait: nothing to start until a trial reports
            }
        }
    }

    /** Stores what trials reported since the last turn: a paused trial's rung, a finished trial's last epoch. */
    private List<ExperimentStore.Report> recordReports(UUID id, List<TrialJobs.Trial> trials, ExperimentPlan plan) {
        List<ExperimentStore.Report> reports = new ArrayList<>(store.reports(id));
        for (TrialJobs.Trial t : trials) {
            boolean reported = t.status() == JobStatus.PAUSED || (t.status() == JobStatus.SUCCEEDED && !TrialStates.pruned(t));
            if (!reported || t.result() == null) {
                continue;
            }
            int epoch = t.result().path("epochsRun").asInt();
            if (reports.stream().noneMatch(r -> r.trialNumber() == t.number() && r.epoch() == epoch)) {
                ExperimentStore.Report report = new ExperimentStore.Report(t.number(), epoch,
                        TrialStates.objective(t.result(), plan.objectiveMetric()));
                store.addReport(id, report);
                reports.add(report);
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("trialNumber", t.number());
                payload.put("epoch", epoch);
                payload.put("objective", report.objective());
                payload.put("paused", t.status() == JobStatus.PAUSED);
                event(id, "trial_reported", payload);
            }
        }
        return reports;
    }

    private void announceBest(UUID id, TrialStates states) {
        states.best().ifPresent(best -> {
            Integer announced = store.announcedBest(id);
            Double objective = TrialStates.objective(best.result(), states.metric());
            if (announced == null || announced != best.number()) {
                store.announceBest(id, best.number(), objective);
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("trialNumber", best.number());
                payload.put("jobId", best.jobId().toString());
                payload.put("objective", objective);
                event(id, "best_changed", payload);
            }
        });
    }

    /** Ends the experiment: queued and running trials are cancelled, paused ones pruned (they keep their rung's model). */
    private void end(UUID id, TrialStates states, ExperimentStatus status, String reason) {
        for (TrialJobs.Trial t : states.trials()) {
            if (t.status() == JobStatus.PAUSED) {
                trialJobs.prune(t.jobId(), "pruned: its experiment ended before promoting it past epoch " + t.epoch());
                event(id, "trial_pruned", Map.of("trialNumber", t.number(), "epoch", t.epoch()));
            } else if (t.status() == JobStatus.QUEUED || t.status() == JobStatus.RUNNING) {
                trialJobs.cancel(t.jobId(), " as its experiment ended");
            }
        }
        store.move(id, status, reason + "; " + summary(states));
    }

    private static String summary(TrialStates states) {
        long failed = states.trials().stream().filter(t -> t.status() == JobStatus.FAILED).count();
        String best = states.best().map(b -> "; best: trial " + b.number() + " with " + "val_" + states.metric() + " "
                + TrialStates.objective(b.result(), states.metric())).orElse("");
        return states.trials().size() + " trials, " + failed + " failed" + best;
    }

    private static long active(List<TrialView> views) {
        return views.stream().filter(v -> v.phase() == TrialPhase.QUEUED || v.phase() == TrialPhase.RUNNING).count();
    }

    private void event(UUID id, String type, Map<String, ?> payload) {
        store.appendEvent(id, type, json.writeValueAsString(payload));
    }
}
