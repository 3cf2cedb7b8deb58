package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoppingRulesTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static List<TrialView> losses(double... values) {
        List<TrialView> trials = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            trials.add(Trial.succeeded(i + 1, values[i]));
        }
        return trials;
    }

    @Test
    void targetValueStopsWithTheTrialThatReachedIt() {
        StoppingRules rules = new StoppingRules(null, null, 0.1, null);
        List<TrialView> trials = losses(0.5, 0.3, 0.2, 0.25, 0.4, 0.15, 0.093, 0.2);
        assertThat(rules.reasonToStop(trials, MINUTE, Direction.MINIMIZE, "val_loss"))
                .contains("reached targetValue 0.1 with trial 7 (val_loss 0.093)");
        assertThat(rules.reasonToStop(trials.subList(0, 6), MINUTE, Direction.MINIMIZE, "val_loss")).isEmpty();
        assertThat(rules.reasonToStop(losses(0.1), MINUTE, Direction.MINIMIZE))
                .contains("reached targetValue 0.1 with trial 1 (objective 0.1)");
        StoppingRules accuracy = new StoppingRules(null, null, 0.95, null);
        assertThat(accuracy.reasonToStop(losses(0.9, 0.96, 0.97), MINUTE, Direction.MAXIMIZE, "val_accuracy"))
                .contains("reached targetValue 0.95 with trial 3 (val_accuracy 0.97)");
        assertThat(accuracy.reasonToStop(losses(0.9, 0.94), MINUTE, Direction.MAXIMIZE)).isEmpty();
        // minimizing, 0.96 is not at or below 0.95
        assertThat(accuracy.reasonToStop(losses(0.96), MINUTE, Direction.MINIMIZE)).isEmpty();
    }

    @Test
    void prunedAndFailedTrialsDoNotReachTheTarget() {
        StoppingRules rules = new StoppingRules(null, null, 0.1, null);
        List<TrialView> trials = List.of(Trial.of(1, TrialPhase.PRUNED, 0.01), Trial.of(2, TrialPhase.FAILED, 0.01),
                Trial.succeeded(3, 0.5));
        assertThat(rules.reasonToStop(trials, MINUTE, Direction.MINIMIZE)).isEmpty();
    }

    @Test
    void trialsWithoutImprovementCountSucceededAndPrunedAfterTheBest() {
        StoppingRules rules = new StoppingRules(null, null, null, 3);
        assertThat(rules.reasonToStop(losses(0.5, 0.2, 0.3, 0.2), MINUTE, Direction.MINIMIZE)).isEmpty();
        List<TrialView> trials = new ArrayList<>(losses(0.5, 0.2, 0.3, 0.2));
        trials.add(Trial.of(5, TrialPhase.FAILED, null));
        trials.add(Trial.of(6, TrialPhase.RUNNING, null));
        assertThat(rules.reasonToStop(trials, MINUTE, Direction.MINIMIZE)).isEmpty();
        trials.add(Trial.of(7, TrialPhase.PRUNED, 0.9));
        assertThat(rules.reasonToStop(trials, MINUTE, Direction.MINIMIZE, "val_loss"))
                .contains("3 trials without improvement since trial 2 (val_loss 0.2)");
        trials.add(Trial.succeeded(8, 0.1));
        assertThat(rules.reasonToStop(trials, MINUTE, Direction.MINIMIZE)).isEmpty();
        assertThat(new StoppingRules(null, null, null, 1).reasonToStop(List.of(Trial.of(1, TrialPhase.PRUNED, 0.3),
                Trial.of(2, TrialPhase.PRUNED, 0.3)), MINUTE, Direction.MINIMIZE)).isEmpty();
        assertThat(new StoppingRules(null, null, null, 2).reasonToStop(losses(0.1, 0.2, 0.3), MINUTE,
                Direction.MAXIMIZE)).isEmpty();
        assertThat(new StoppingRules(null, null, null, 2).reasonToStop(losses(0.3, 0.2, 0.1), MINUTE,
                Direction.MAXIMIZE)).contains("2 trials without improvement since trial 1 (objective 0.3)");
    }

    @Test
    void maxTrialsCountsFinishedTrials() {
        StoppingRules rules = new StoppingRules(3, null, null, null);
        List<TrialView> trials = List.of(Trial.succeeded(1, 1), Trial.of(2, TrialPhase.FAILED, null),
                Trial.of(3, TrialPhase.RUNNING, null), Trial.of(4, TrialPhase.PAUSED, null));
        assertThat(rules.reasonToStop(trials, MINUTE, Direction.MINIMIZE)).isEmpty();
        List<TrialView> more = new ArrayList<>(trials);
        more.add(Trial.of(5, TrialPhase.CANCELLED, null));
        assertThat(rules.reasonToStop(more, MINUTE, Direction.MINIMIZE))
                .contains("maxTrials 3 reached (3 trials finished)");
    }

    @Test
    void maxDurationStopsOnceElapsed() {
        StoppingRules rules = new StoppingRules(null, Duration.ofHours(2), null, null);
        assertThat(rules.reasonToStop(List.of(), Duration.ofMinutes(119), Direction.MINIMIZE)).isEmpty();
        assertThat(rules.reasonToStop(List.of(), Duration.ofHours(2), Direction.MINIMIZE))
                .contains("maxDuration PT2H reached");
        assertThat(rules.reasonToStop(List.of(), null, Direction.MINIMIZE)).isEmpty();
    }

    @Test
    void theTargetWinsOverTheOtherRulesAndNoRulesNeverStop() {
        StoppingRules all = new StoppingRules(1, Duration.ofSeconds(1), 0.5, 1);
        assertThat(all.reasonToStop(losses(0.6, 0.4, 0.7), Duration.ofHours(1), Direction.MINIMIZE))
                .contains("reached targetValue 0.5 with trial 2 (objective 0.4)");
        assertThat(all.reasonToStop(losses(0.6, 0.7), Duration.ofHours(1), Direction.MINIMIZE))
                .contains("1 trial without improvement since trial 1 (objective 0.6)");
        assertThat(new StoppingRules(1, Duration.ofSeconds(1), null, null).reasonToStop(losses(0.6),
                Duration.ofHours(1), Direction.MINIMIZE)).contains("maxTrials 1 reached (1 trial finished)");
        assertThat(StoppingRules.none().reasonToStop(losses(0.6, 0.7, 0.8), Duration.ofDays(9), Direction.MINIMIZE))
                .isEmpty();
    }

    @Test
    void anExperimentFailsWhenMoreThanHalfOfAtLeastThreeFinishedTrialsFailed() {
        TrialView ok = Trial.succeeded(1, 0.3);
        TrialView failed = Trial.of(2, TrialPhase.FAILED, null);
        assertThat(StoppingRules.tooManyFailures(List.of(failed, failed))).isFalse();
        assertThat(StoppingRules.tooManyFailures(List.of(failed, failed, failed))).isTrue();
        assertThat(StoppingRules.tooManyFailures(List.of(failed, failed, ok))).isTrue();
        assertThat(StoppingRules.failureReason(List.of(failed, failed, ok)))
                .contains("2 of 3 finished trials failed");
        assertThat(StoppingRules.tooManyFailures(List.of(failed, failed, ok, ok))).isFalse();
        assertThat(StoppingRules.tooManyFailures(List.of(failed, failed, ok, Trial.of(4, TrialPhase.PRUNED, 1.0))))
                .isFalse();
        TrialView cancelled = Trial.of(5, TrialPhase.CANCELLED, null);
        TrialView running = Trial.of(6, TrialPhase.RUNNING, null);
        assertThat(StoppingRules.tooManyFailures(List.of(failed, failed, cancelled, running, cancelled))).isFalse();
        assertThat(StoppingRules.failureReason(List.of(failed, failed, ok, failed, cancelled)))
                .contains("3 of 4 finished trials failed");
    }

    @Test
    void theBestTrialIsTheBestSucceededOneWithTheLowerNumberOnTies() {
        List<TrialView> trials = List.of(Trial.succeeded(3, 0.2), Trial.succeeded(2, 0.2),
                Trial.of(1, TrialPhase.PRUNED, 0.01), Trial.succeeded(4, Double.NaN), Trial.succeeded(5, 0.7));
        assertThat(StoppingRules.best(trials, Direction.MINIMIZE).map(TrialView::number)).contains(2);
        assertThat(StoppingRules.best(trials, Direction.MAXIMIZE).map(TrialView::number)).contains(5);
        assertThat(StoppingRules.best(List.of(), Direction.MAXIMIZE)).isEmpty();
    }

    @Test
    void numbersAreWrittenShort() {
        assertThat(StoppingRules.format(0.093)).isEqualTo("0.093");
        assertThat(StoppingRules.format(0.1)).isEqualTo("0.1");
        assertThat(StoppingRules.format(0.123456)).isEqualTo("0.1235");
        assertThat(StoppingRules.format(1234.5678)).isEqualTo("1235");
        assertThat(StoppingRules.format(2.0)).isEqualTo("2");
        assertThat(StoppingRules.format(Double.NaN)).isEqualTo("NaN");
    }
}
