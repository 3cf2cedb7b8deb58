package org.trainingservice.training.spec;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "The optimizer and its hyper-parameters; parameters an optimizer does not use are ignored")
public record OptimizerSpec(
        @Schema(example = "adam") OptimizerType type,
        @Schema(example = "0.01") Double learningRate,
        @Schema(description = "momentum / nesterov: momentum coefficient", example = "0.9") Double momentum,
        @Schema(description = "adam/adamw: first-moment decay", example = "0.9") Double beta1,
        @Schema(description = "adam/adamw: second-moment decay", example = "0.999") Double beta2,
        @Schema(description = "numerical-stability term", example = "1e-8") Double epsilon,
        @Schema(description = "adadelta / rmsprop: decay of the squared-gradient average", example = "0.9") Double rho,
        @Schema(description = "decoupled weight decay (adamw), or L2 added to the gradient (others)", example = "0.0") Double weightDecay,
        @Schema(description = "clip every gradient element to [-c, c]; 0 disables", example = "0.0") Double clipGradient,
        ScheduleSpec schedule) {

    public OptimizerSpec withDefaults() {
        OptimizerType t = type == null ? OptimizerType.ADAM : type;
        return new OptimizerSpec(
                t,
                learningRate == null ? defaultLearningRate(t) : learningRate,
                momentum == null ? 0.9 : momentum,
                beta1 == null ? 0.9 : beta1,
                beta2 == null ? 0.999 : beta2,
                epsilon == null ? defaultEpsilon(t) : epsilon,
                rho == null ? (t == OptimizerType.ADADELTA ? 0.95 : 0.9) : rho,
                weightDecay == null ? (t == OptimizerType.ADAMW ? 0.01 : 0.0) : weightDecay,
                clipGradient == null ? 0.0 : clipGradient,
                (schedule == null ? new ScheduleSpec(null, null, null, null, null) : schedule).withDefaults());
    }

    private static double defaultLearningRate(OptimizerType t) {
        return switch (t) {
            case SGD, MOMENTUM, NESTEROV, ADAGRAD -> 0.05;
            case ADADELTA -> 1.0;
            case RMSPROP, ADAM, ADAMW -> 0.01;
        };
    }

    private static double defaultEpsilon(OptimizerType t) {
        return switch (t) {
            case ADADELTA -> 1e-6;
            case ADAGRAD -> 1e-10;
            default -> 1e-8;
        };
    }
}
