package org.trainingservice.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An experiment as the API shows it. Lists leave out {@code spec} and {@code transitions}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A hyperparameter search: status, trial counts, the best trial so far and progress")
record ExperimentView(
        UUID id,
        String name,
        @Schema(example = "RUNNING") ExperimentStatus status,
        String statusMessage,
        @Schema(example = "asha") ExperimentSpec.SearcherKind searcher,
        @Schema(example = "val_loss") String objective,
        Counts counts,
        @Schema(description = "absent until a trial reported") Best best,
        Progress progress,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        @Schema(description = "the experiment with every default filled in and its search space concrete")
        ExperimentSpec spec,
        List<Transition> transitions) {

    @Schema(name = "ExperimentCounts", description = "Trials by status; pruned trials are SUCCEEDED trials that stopped at a rung")
    public record Counts(long queued, long running, long paused, long succeeded, long pruned, long failed,
                         long cancelled) {
    }

    @Schema(name = "ExperimentBest", description = "The best trial: among trials trained to the end; until one is, among all that reported")
    public record Best(int trialNumber, UUID jobId, Map<String, Object> hyperparameters, Double objective,
                       @Schema(description = "train, validation and test metrics of the trial's result")
                       Map<String, Map<String, Double>> metrics) {
    }

    @Schema(name = "ExperimentProgress", description = "How far the experiment is")
    public record Progress(int trials, int maxTrials, long epochsUsed, double fraction, Long etaSeconds) {
    }

    @Schema(name = "ExperimentTransition", description = "One state change")
    public record Transition(ExperimentStatus status, Instant at, String message) {
    }
}
