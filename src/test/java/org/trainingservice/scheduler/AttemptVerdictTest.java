package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.StopReason;
import org.trainingservice.training.TrainingResult;
import org.trainingservice.training.child.ChildEvent;

class AttemptVerdictTest {

    private static final TrainingResult RESULT = new TrainingResult(Map.of(), 3, 3, false, 0.1, null, "good_fit", "",
            30, "cpu", null, null, null, null, null, null, StopReason.COMPLETED);

    private static AttemptVerdict.Seen seen(boolean cancel, boolean released, boolean timedOut, int exit) {
        return new AttemptVerdict.Seen(cancel, released, timedOut, 4, exit, "; last output: boom",
                Duration.ofSeconds(25));
    }

    @Test
    void aFinishedRunSucceedsWhateverElseHappened() {
        AttemptVerdict v = AttemptVerdict.of(new ChildEvent.Finished(RESULT), seen(true, true, true, 0), "n1");
        assertThat(v).isEqualTo(new AttemptVerdict.Succeed(RESULT, "finished after 3 epochs"));
    }

    @Test
    void aCancelWinsOverPauseReleaseTimeoutAndFailure() {
        assertThat(AttemptVerdict.of(new ChildEvent.Paused(RESULT), seen(true, true, true, 0), "n1"))
                .isEqualTo(new AttemptVerdict.Cancel("cancelled during epoch 5"));
        assertThat(AttemptVerdict.of(null, seen(true, false, false, 137), "n1")).isEqualTo(new AttemptVerdict.Cancel(
                "cancelled during epoch 5 (the training process was killed after the grace period)"));
        assertThat(AttemptVerdict.of(new ChildEvent.Cancelled(), seen(false, false, false, 0), "n1"))
                .isInstanceOf(AttemptVerdict.Cancel.class);
    }

    @Test
    void aPausedTrialPausesEvenWhenItsNodeIsShuttingDown() {
        assertThat(AttemptVerdict.of(new ChildEvent.Paused(RESULT), seen(false, true, false, 0), "n1"))
                .isEqualTo(new AttemptVerdict.Pause(RESULT,
                        "paused after epoch 3 with a checkpoint; waiting for its experiment to promote it"));
    }

    @Test
    void aReleasedJobGoesBackSayingWhetherItCheckpointed() {
        assertThat(AttemptVerdict.of(new ChildEvent.Suspended(), seen(false, true, false, 0), "n1")).isEqualTo(
                new AttemptVerdict.Release("node n1 shut down; queued again to continue from the checkpoint it took on the way out"));
        assertThat(AttemptVerdict.of(null, seen(false, true, true, 137), "n1"))
                .isEqualTo(new AttemptVerdict.Release("node n1 shut down; queued again"));
    }

    @Test
    void timeoutsFailuresAndDeathsAreToldApart() {
        assertThat(AttemptVerdict.of(null, seen(false, false, true, 137), "n1")).isEqualTo(
                new AttemptVerdict.Fail("max_duration", "stopped after exceeding training.max-duration of PT25S"));
        assertThat(AttemptVerdict.of(new ChildEvent.Failed("diverged", "loss is NaN at epoch 2"),
                seen(false, false, false, 2), "n1")).isEqualTo(new AttemptVerdict.Fail("diverged", "loss is NaN at epoch 2"));
        assertThat(AttemptVerdict.of(null, seen(false, false, false, 137), "n1")).isEqualTo(new AttemptVerdict.Retry(
                "the training process ended unexpectedly during epoch 5 (killed by signal 9 (SIGKILL: killed from "
                        + "outside, or out of memory)); last output: boom"));
        assertThat(AttemptVerdict.of(new ChildEvent.Suspended(), seen(false, false, false, 1), "n1"))
                .isEqualTo(new AttemptVerdict.Retry("the training process ended unexpectedly during epoch 5 (exit code 1)"
                        + "; last output: boom"));
    }
}
