package org.trainingservice.experiment.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds trial views for the searcher tests, and applies decisions as the experiment's caller does. */
final class Trial {

    private Trial() {
    }

    static TrialView running(int number, Map<String, Object> hyperparameters) {
        return new TrialView(number, hyperparameters, TrialPhase.RUNNING, null, null);
    }

    static TrialView of(int number, TrialPhase phase, Double objective) {
        return new TrialView(number, Map.of("x", number), phase, null, objective);
    }

    static TrialView succeeded(int number, double objective) {
        return of(number, TrialPhase.SUCCEEDED, objective);
    }

    /** A trial that reported {@code epochValuePairs} (epoch, value, epoch, value, ...) and is now in {@code phase}. */
    static TrialView rungs(int number, TrialPhase phase, double... epochValuePairs) {
        TreeMap<Integer, Double> rungs = new TreeMap<>();
        for (int i = 0; i < epochValuePairs.length; i += 2) {
            rungs.put((int) epochValuePairs[i], epochValuePairs[i + 1]);
        }
        return new TrialView(number, Map.of("x", number), phase, rungs, null);
    }

    /** The list with trial {@code number} replaced. */
    static List<TrialView> replace(List<TrialView> trials, TrialView replacement) {
        List<TrialView> result = new ArrayList<>(trials);
        for (int i = 0; i < result.size(); i++) {
            if (result.get(i).number() == replacement.number()) {
                result.set(i, replacement);
            }
        }
        return result;
    }

    /** Trial {@code number} reported {@code value} at {@code epoch} and paused there. */
    static List<TrialView> pauseAt(List<TrialView> trials, int number, int epoch, double value) {
        TrialView t = find(trials, number);
        TreeMap<Integer, Double> rungs = new TreeMap<>(t.rungValues());
        rungs.put(epoch, value);
        return replace(trials, new TrialView(number, t.hyperparameters(), TrialPhase.PAUSED, rungs, null));
    }

    /** Applies a Propose (new RUNNING trial) or a Promote (the paused trial becomes QUEUED), as the caller does. */
    static List<TrialView> apply(List<TrialView> trials, Decision decision) {
        if (decision instanceof Propose p) {
            List<TrialView> result = new ArrayList<>(trials);
            result.add(running(trials.size() + 1, p.hyperparameters()));
            return result;
        }
        if (decision instanceof Promote p) {
            TrialView t = find(trials, p.trialNumber());
            return replace(trials, new TrialView(t.number(), t.hyperparameters(), TrialPhase.QUEUED,
                    t.rungValues(), null));
        }
        throw new IllegalArgumentException("cannot apply " + decision);
    }

    static TrialView find(List<TrialView> trials, int number) {
        return trials.stream().filter(t -> t.number() == number).findFirst().orElseThrow();
    }
}
