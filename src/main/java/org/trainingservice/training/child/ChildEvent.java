package org.trainingservice.training.child;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.trainingservice.training.CheckpointInfo;
import org.trainingservice.training.EpochReport;
import org.trainingservice.training.TrainingResult;

/**
 * One line of the training process's report to its worker. {@code type} is one of {@code started}, {@code epoch},
 * {@code checkpoint} (written to {@code file}), {@code finished}, {@code failed}, {@code cancelled}, {@code suspended}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChildEvent(String type, String device, EpochReport epoch, TrainingResult result, String reason,
                         String message, String file, CheckpointInfo checkpoint) {

    /** Marks protocol lines on the child's standard output; anything else there is a log line. */
    public static final String PREFIX = "@@event ";

    public static ChildEvent started(String device) {
        return new ChildEvent("started", device, null, null, null, null, null, null);
    }

    public static ChildEvent epoch(EpochReport report) {
        return new ChildEvent("epoch", null, report, null, null, null, null, null);
    }

    public static ChildEvent finished(TrainingResult result) {
        return new ChildEvent("finished", null, null, result, null, null, null, null);
    }

    public static ChildEvent failed(String reason, String message) {
        return new ChildEvent("failed", null, null, null, reason, message, null, null);
    }

    public static ChildEvent cancelled() {
        return new ChildEvent("cancelled", null, null, null, null, null, null, null);
    }

    public static ChildEvent suspended() {
        return new ChildEvent("suspended", null, null, null, null, null, null, null);
    }

    public static ChildEvent checkpoint(String file, CheckpointInfo info) {
        return new ChildEvent("checkpoint", null, null, null, null, null, file, info);
    }
}
