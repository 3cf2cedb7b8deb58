package org.trainingservice.experiment.search;

import java.util.Comparator;
import java.util.List;

/** What several searchers ask of a trial list. */
final class Trials {

    private Trials() {
    }

    static boolean anyActive(List<TrialView> trials) {
        return trials.stream().anyMatch(t -> t.phase().isActive());
    }

    /** Wait while a trial may still report (it could change nothing for grid and random, but the caller may stop on
     * Complete at once), else Complete with the reason. */
    static Decision waitOrComplete(List<TrialView> trials, String reason) {
        return anyActive(trials) ? new Wait() : new Complete(reason);
    }

    /** The trials sorted by number, so that decisions never depend on the order the caller listed them in. */
    static List<TrialView> byNumber(List<TrialView> trials) {
        return trials.stream().sorted(Comparator.comparingInt(TrialView::number)).toList();
    }
}
