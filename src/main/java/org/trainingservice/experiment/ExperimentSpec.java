package org.trainingservice.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.trainingservice.training.spec.JobSpec;
import tools.jackson.databind.JsonNode;

/** A hyperparameter search as submitted: one base job spec, tried with the hyperparameters its searcher proposes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A hyperparameter search: a base job spec, a search space, a searcher, an objective and when to stop")
record ExperimentSpec(
        @Schema(example = "moons-search") String name,
        @Schema(description = "the job every trial starts from; its training.epochs is a trial's full length",
                requiredMode = Schema.RequiredMode.REQUIRED,
                example = "{\"dataset\": {\"builtin\": \"moons\", \"samples\": 1000}, \"training\": {\"epochs\": 27}}")
        JobSpec baseSpec,
        @Schema(implementation = SearchSpaceSchema.class, description = """
                Dotted job-spec paths, each with a parameter: {"type": "loguniform", "min": 0.0001, "max": 0.1}, \
                "uniform" (min, max), "int" (min, max, optional log), "choice" (values) or "grid" (values). \
                Or the string "auto": a default space chosen from the dataset (see docs/experiments.md).""",
                example = "{\"optimizer.learningRate\": {\"type\": \"loguniform\", \"min\": 0.0001, \"max\": 0.1}, "
                        + "\"model.hidden\": {\"type\": \"choice\", \"values\": [[32], [64, 64]]}}")
        JsonNode searchSpace,
        Searcher searcher,
        Objective objective,
        Stopping stopping) {

    /** Which searcher and its budget. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The searcher and its budget")
    public record Searcher(
            @Schema(description = "grid, random, asha or tpe", example = "asha") SearcherKind type,
            @Schema(description = "trials at most (grid: default its size)", example = "27") Integer maxTrials,
            @Schema(description = "trials queued or running at once", example = "4") Integer maxConcurrentTrials,
            @Schema(description = "the same seed proposes the same hyperparameters", example = "1") Long seed,
            @Schema(description = "asha: epochs of the first rung", example = "1") Integer minEpochs,
            @Schema(description = "asha: η, the factor between rungs; the top 1/η of a rung is promoted", example = "3")
            Integer reductionFactor,
            @Schema(description = "tpe: random trials before the model-based ones", example = "10") Integer startupTrials,
            @Schema(description = """
                    Hyperparameters of trial 1, by search-space path, tried before anything the searcher draws (a \
                    configuration known to be reasonable; parameters left out take trial 1's own draw). Not for \
                    grid. With "searchSpace": "auto" and none given: the base spec's own values, brought into the \
                    ranges.""", example = "{\"optimizer.learningRate\": 0.001}")
            Map<String, Object> firstTrial) {

        public Searcher {
            // not Map.copyOf: it would lose the order of the paths
            firstTrial = firstTrial == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(firstTrial));
        }
    }

    /** The searchers, as the JSON names them. */
    public enum SearcherKind {
        @JsonProperty("grid") GRID,
        @JsonProperty("random") RANDOM,
        @JsonProperty("asha") ASHA,
        @JsonProperty("tpe") TPE
    }

    /** What to optimize: a validation metric, never a test one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The validation metric to optimize and its direction")
    public record Objective(
            @Schema(description = "val_loss, val_accuracy, val_rmse, val_mae or val_r2", example = "val_loss") String metric,
            @Schema(description = "min or max; default: max for accuracy and r2, else min", example = "min") Mode mode) {
    }

    public enum Mode {
        @JsonProperty("min") MIN,
        @JsonProperty("max") MAX
    }

    /** When the experiment ends before its trials run out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Optional rules that end the experiment early")
    public record Stopping(
            @Schema(description = "ISO-8601 duration", example = "PT2H", type = "string") Duration maxDuration,
            @Schema(description = "stop once a trial's objective is at least this good", example = "0.1") Double targetValue,
            @Schema(description = "stop after this many finished trials without a new best", example = "10")
            Integer maxTrialsWithoutImprovement) {
    }
}
