package org.trainingservice.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.trainingservice.training.TrainingResult;
import org.trainingservice.training.spec.JobSpec;
import tools.jackson.databind.JsonNode;

/** A job as the API shows it. Lists leave out {@code spec} and {@code transitions}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A training job: status, progress, latest metrics and, when done, its result")
record JobView(
        UUID id,
        String name,
        @Schema(example = "RUNNING") JobStatus status,
        String statusMessage,
        Progress progress,
        @Schema(description = "the latest value of each metric, e.g. {\"train_loss\": 0.2, \"val_loss\": 0.25}")
        Map<String, Double> metrics,
        // stored as the trainer wrote it, so a result of an older or newer version is shown as it is; documented as the record
        @Schema(description = "present once the job SUCCEEDED (see the README, Metrics and the diagnosis)",
                implementation = TrainingResult.class) JsonNode result,
        int attempt,
        @Schema(description = "the node where the job runs or ran") String node,
        String device,
        int priority,
        UUID datasetId,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "the spec with every default filled in: exactly what runs") JobSpec spec,
        List<Transition> transitions,
        @Schema(description = "present when the job is a trial of an experiment") Trial experiment) {

    @Schema(name = "JobProgress", description = "How far the job is")
    public record Progress(int epoch, int totalEpochs, double fraction, Long etaSeconds,
                           @Schema(description = "sub-run label, e.g. fold 2/5") String label) {
    }

    @Schema(name = "JobTrial", description = "The experiment a trial belongs to and the hyperparameters it tries")
    public record Trial(UUID id, int trialNumber,
                        @Schema(description = "keyed by the experiment's searchSpace paths",
                                example = "{\"optimizer.learningRate\": 0.003, \"model.hidden\": [64, 64]}")
                        Map<String, Object> hyperparameters) {
    }

    @Schema(name = "JobTransition", description = "One state change")
    public record Transition(JobStatus status, Instant at, String message, String node) {
    }
}
