package org.trainingservice.training.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A training job as submitted. Every field but {@code dataset} may be left out; {@link #withDefaults(Task)} fills in
 * what was left out so that the stored spec says exactly what ran.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A training job specification; every field but `dataset` has a default")
public record JobSpec(
        @Schema(example = "moons-mlp") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) DatasetRef dataset,
        @Schema(description = "classification or regression; inferred from the dataset when absent") Task task,
        ModelSpec model,
        @Schema(description = "cross_entropy (classification default), binary_cross_entropy, mse (regression default), mae, huber")
        LossType loss,
        OptimizerSpec optimizer,
        TrainingSettings training,
        RegularizationSpec regularization,
        ValidationSpec validation,
        EnsembleSpec ensemble,
        AnalysisSpec analysis,
        CheckpointSpec checkpoint,
        @Schema(description = "higher runs first", example = "0") Integer priority) {

    /** The same spec with every absent field set to its default; {@code inferredTask} is used when task is absent. */
    public JobSpec withDefaults(Task inferredTask) {
        Task t = task != null ? task : inferredTask;
        return new JobSpec(
                name == null ? (dataset != null && dataset.builtin() != null ? dataset.builtin() + "-job" : "job") : name,
                dataset,
                t,
                (model == null ? new ModelSpec(null, null, null, null, null, null) : model).withDefaults(),
                loss != null ? loss : (t == Task.REGRESSION ? LossType.MSE : LossType.CROSS_ENTROPY),
                (optimizer == null ? new OptimizerSpec(null, null, null, null, null, null, null, null, null, null) : optimizer).withDefaults(),
                (training == null ? new TrainingSettings(null, null, null, null, null) : training).withDefaults(),
                (regularization == null ? new RegularizationSpec(null, null, null, null, null, null, null) : regularization).withDefaults(),
                (validation == null ? new ValidationSpec(null, null, null, null, null) : validation).withDefaults(),
                (ensemble == null ? new EnsembleSpec(null, null, null, null) : ensemble).withDefaults(),
                analysis == null ? null : analysis.withDefaults(),
                (checkpoint == null ? new CheckpointSpec(null, null, null) : checkpoint).withDefaults(),
                priority == null ? 0 : priority);
    }
}
