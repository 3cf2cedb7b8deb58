package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;

/**
 * Each step applies the gradient of its own batch alone: the trainer's steps match plain gradient descent written out
 * with DJL's own parameter gradients, zeroed after every step. Gradients carried over from one step into the next
 * would make the second and third steps differ.
 */
class StepGradientsTest {

    private static final DataTable MOONS = TestData.builtin("moons", 400, 0.2, null, 3);
    private static final float LR = 0.5f;
    private static final long SEED = 11;

    @Test
    void threeFullBatchStepsMatchPlainGradientDescent() {
        JobSpec spec = TestData.spec("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [8]},
                 "optimizer": {"type": "sgd", "learningRate": 0.5}, "training": {"epochs": 3, "batchMode": "full_batch"}}""",
                Task.CLASSIFICATION);
        SplitIndices split = Splitter.holdout(MOONS.rows(), MOONS.labels(), 0.0, 0.0, 1);
        Preprocessing prep = Preprocessing.fit(MOONS, split.train());
        PreparedSplit train = PreparedSplit.of(MOONS, prep, split.train());
        try (NDManager manager = NDManager.newBaseManager()) {
            FitOutcome outcome = new ModelTrainer(spec, 2, new int[0], new Evaluator(spec.loss(), 2, prep))
                    .fit(manager, train, null, SEED, TestData.QUIET, SubRun.SINGLE);
            ParameterList trained = outcome.block().getParameters();
            ParameterList expected = plainGradientDescent(spec, train, manager, 3).getParameters();
            float[] first = null;
            for (int p = 0; p < trained.size(); p++) {
                float[] actual = trained.get(p).getValue().getArray().toFloatArray();
                float[] wanted = expected.get(p).getValue().getArray().toFloatArray();
                first = first == null ? wanted : first;
                for (int i = 0; i < actual.length; i++) {
                    assertThat(actual[i]).as("%s[%d]", trained.get(p).getKey(), i).isCloseTo(wanted[i], within(1e-5f));
                }
            }
            assertThat(first).as("the steps move the parameters")
                    .isNotEqualTo(plainGradientDescent(spec, train, manager, 0).getParameters().get(0).getValue()
                            .getArray().toFloatArray());
        }
    }

    /** The trainer's model, initialized as the trainer does, after {@code steps} textbook SGD steps on the batch. */
    private static SequentialBlock plainGradientDescent(JobSpec spec, PreparedSplit train, NDManager manager, int steps) {
        Engine.getInstance().setRandomSeed((int) Seeds.derive(SEED, 0, 0));
        SequentialBlock block = ModelFactory.build(spec.model(), train.cols(), 2, new int[0]);
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, train.cols()));
        float[] oneHot = new float[train.rows() * 2];
        for (int r = 0; r < train.rows(); r++) {
            oneHot[r * 2 + (int) train.targets()[r]] = 1f;
        }
        ParameterStore store = new ParameterStore(manager, false);
        for (int s = 0; s < steps; s++) {
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(train.inputs(), new Shape(train.rows(), train.cols()));
                NDArray y = step.create(oneHot, new Shape(train.rows(), 2));
                try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    NDArray output = block.forward(store, new NDList(x), true).singletonOrThrow();
                    collector.backward(Losses.of(spec.loss(), output, y));
                }
                for (Pair<String, Parameter> pair : block.getParameters()) {
                    NDArray weight = pair.getValue().getArray();
                    NDArray gradient = weight.getGradient();
                    weight.subi(gradient.mul(LR));
                    gradient.subi(gradient);
                }
            }
        }
        return block;
    }
}
