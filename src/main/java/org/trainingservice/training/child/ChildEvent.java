package org.trainingservice.training.child;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.trainingservice.training.CheckpointInfo;
import org.trainingservice.training.EpochReport;
import org.trainingservice.training.TrainingResult;

/**
 * One line of the training process's report to its worker: {@link #PREFIX} and the event as JSON, its kind in
 * {@code type}. A process ends with exactly one {@link Terminal} event, unless it dies.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ChildEvent.Ready.class, name = "ready"),
        @JsonSubTypes.Type(value = ChildEvent.Started.class, name = "started"),
        @JsonSubTypes.Type(value = ChildEvent.Epoch.class, name = "epoch"),
        @JsonSubTypes.Type(value = ChildEvent.CheckpointWritten.class, name = "checkpoint"),
        @JsonSubTypes.Type(value = ChildEvent.Finished.class, name = "finished"),
        @JsonSubTypes.Type(value = ChildEvent.Paused.class, name = "paused"),
        @JsonSubTypes.Type(value = ChildEvent.Failed.class, name = "failed"),
        @JsonSubTypes.Type(value = ChildEvent.Cancelled.class, name = "cancelled"),
        @JsonSubTypes.Type(value = ChildEvent.Suspended.class, name = "suspended")})
public sealed interface ChildEvent {

    /** Marks protocol lines on the child's standard output; anything else there is a log line. */
    String PREFIX = "@@event ";

    /** The last word of a training process. */
    sealed interface Terminal extends ChildEvent {
    }

    /**
     * A warm process (started with {@code --warm}) loaded the engine and waits for its job: the job folder, one line on
     * standard input.
     */
    record Ready() implements ChildEvent {
    }

    /** The engine is loaded, the job's files are read, and training begins, on {@code device}. */
    record Started(String device) implements ChildEvent {
    }

    record Epoch(EpochReport report) implements ChildEvent {
    }

    /** A checkpoint was written to {@code file} in the working folder. */
    record CheckpointWritten(String file, CheckpointInfo info) implements ChildEvent {
    }

    /** Training ended; the model is in the folder. */
    record Finished(TrainingResult result) implements Terminal {
    }

    /** A trial reached the epoch it was to pause at: a checkpoint was written, the model of this rung is in the folder. */
    record Paused(TrainingResult result) implements Terminal {
    }

    /** {@code reason}: {@code diverged} or {@code error}. */
    record Failed(String reason, String message) implements Terminal {
    }

    record Cancelled() implements Terminal {
    }

    /** Stopped at a batch boundary with a checkpoint there, for another process to continue. */
    record Suspended() implements Terminal {
    }
}
