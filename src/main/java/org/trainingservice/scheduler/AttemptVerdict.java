package org.trainingservice.scheduler;

import java.time.Duration;
import org.trainingservice.training.TrainingResult;
import org.trainingservice.training.child.ChildEvent;

/**
 * How an attempt ends, decided from the training process's last word and what the worker saw meanwhile: a pure
 * function, so that every combination is easy to test.
 */
sealed interface AttemptVerdict {

    /** What the worker saw while the process ran. */
    record Seen(boolean cancelRequested, boolean released, boolean timedOut, int lastEpoch, int exitCode,
                String lastErrors, Duration maxDuration) {
    }

    record Succeed(TrainingResult result, String message) implements AttemptVerdict {
    }

    /** An experiment's trial reached its rung: it waits PAUSED with this rung's result. */
    record Pause(TrainingResult result, String message) implements AttemptVerdict {
    }

    record Cancel(String message) implements AttemptVerdict {
    }

    /** The node is shutting down: the job goes back to the queue, no failure counted. */
    record Release(String message) implements AttemptVerdict {
    }

    /** {@code reason} labels the failure in the node's metrics. */
    record Fail(String reason, String message) implements AttemptVerdict {
    }

    /** The process died without a word: another attempt, from the latest checkpoint, unless the attempts ran out. */
    record Retry(String reason) implements AttemptVerdict {
    }

    static AttemptVerdict of(ChildEvent.Terminal last, Seen seen, String node) {
        if (last instanceof ChildEvent.Finished finished) {
            int epochs = finished.result().epochsRun();
            return new Succeed(finished.result(), "finished after " + epochs + (epochs == 1 ? " epoch" : " epochs"));
        }
        if (last instanceof ChildEvent.Cancelled || seen.cancelRequested()) {
            return new Cancel("cancelled during epoch " + (seen.lastEpoch() + 1)
                    + (last == null ? " (the training process was killed after the grace period)" : ""));
        }
        if (last instanceof ChildEvent.Paused paused) {
            return new Pause(paused.result(), "paused after epoch " + paused.result().epochsRun()
                    + " with a checkpoint; waiting for its experiment to promote it");
        }
        if (seen.released()) {
            return new Release("node " + node + " shut down; queued again" + (last instanceof ChildEvent.Suspended
                    ? " to continue from the checkpoint it took on the way out" : ""));
        }
        if (seen.timedOut()) {
            return new Fail("max_duration", "stopped after exceeding training.max-duration of " + seen.maxDuration());
        }
        if (last instanceof ChildEvent.Failed failed) {
            return new Fail(failed.reason(), failed.message());
        }
        return new Retry("the training process ended unexpectedly during epoch " + (seen.lastEpoch() + 1)
                + " (" + describeExit(seen.exitCode()) + ")" + seen.lastErrors());
    }

    private static String describeExit(int exit) {
        if (exit > 128) {
            int signal = exit - 128;
            return "killed by signal " + signal + (signal == 9 ? " (SIGKILL: killed from outside, or out of memory)" : "");
        }
        return "exit code " + exit;
    }
}
