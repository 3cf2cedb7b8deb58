package org.trainingservice.training.optim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.trainingservice.training.spec.OptimizerSpec;
import org.trainingservice.training.spec.OptimizerType;

/** The spec's hyper-parameters reach the optimizer it names: its steps are those of the rule built with them. */
class OptimizersTest {

    private static final float[] W0 = {0.5f, -1f, 2f};
    private static final float[][] GRADIENTS = {{0.1f, -0.2f, 0.3f}, {-0.4f, 0.5f, 0.05f}, {0.2f, 0.2f, -0.6f}};

    private static float[] threeSteps(Function<NDManager, Optimizer> factory) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Optimizer optimizer = factory.apply(manager);
            NDArray w = manager.create(W0.clone());
            for (float[] g : GRADIENTS) {
                try (NDManager scratch = manager.newSubManager()) {
                    optimizer.step(List.of(new TrainableParameter("w", w, scratch.create(g))), 0.1f, scratch);
                }
            }
            return w.toFloatArray();
        }
    }

    /** Non-default values for every hyper-parameter. */
    private static OptimizerSpec unusual(OptimizerType type) {
        return new OptimizerSpec(type, 0.1, 0.5, 0.7, 0.9, 0.3, 0.6, 0.2, null, null).withDefaults();
    }

    @ParameterizedTest
    @EnumSource(OptimizerType.class)
    void theSpecsValuesBuildTheRule(OptimizerType type) {
        Function<NDManager, Optimizer> expected = switch (type) {
            case SGD -> Sgd::new;
            case MOMENTUM -> m -> new Momentum(m, 0.5f, false);
            case NESTEROV -> m -> new Momentum(m, 0.5f, true);
            case ADAGRAD -> m -> new Adagrad(m, 0.3f);
            case ADADELTA -> m -> new Adadelta(m, 0.6f, 0.3f);
            case RMSPROP -> m -> new RmsProp(m, 0.6f, 0.3f);
            case ADAM -> m -> new Adam(m, 0.7f, 0.9f, 0.3f, 0f);
            case ADAMW -> m -> new Adam(m, 0.7f, 0.9f, 0.3f, 0.2f);
        };
        float[] fromSpec = threeSteps(m -> Optimizers.create(unusual(type), m));
        assertThat(fromSpec).containsExactly(threeSteps(expected));
        if (type != OptimizerType.SGD) {
            // and the defaults give other steps, so the values were not ignored
            OptimizerSpec defaults = new OptimizerSpec(type, 0.1, null, null, null, null, null, null, null, null).withDefaults();
            assertThat(threeSteps(m -> Optimizers.create(defaults, m))).isNotEqualTo(fromSpec);
        }
    }
}
