package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;

/** A batch trained in chunks takes the same step as the batch in one pass. */
class BatchChunkingTest {

    private static final DataTable MOONS = TestData.builtin("moons", 2500, 0.2, null, 3);

    @Test
    void aFullBatchInUnevenChunksTakesTheSameStepsAsInOnePass() {
        String json = """
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [16, 8]},
                 "optimizer": {"type": "sgd", "learningRate": 0.5}, "training": {"epochs": %d, "batchMode": "full_batch"}}""";
        JobSpec spec = TestData.spec(json.formatted(4), Task.CLASSIFICATION);
        // 2,500 rows in chunks of 1,000, 1,000 and 500: a wrong weighting of the last chunk changes the step
        float[] chunked = train(spec, 1000);
        float[] whole = train(spec, Integer.MAX_VALUE);
        assertThat(whole).as("the steps move the parameters")
                .isNotEqualTo(train(TestData.spec(json.formatted(1), Task.CLASSIFICATION), Integer.MAX_VALUE));
        for (int i = 0; i < whole.length; i++) {
            assertThat(chunked[i]).as("parameter element %d", i).isCloseTo(whole[i], within(1e-5f));
        }
    }

    @Test
    void batchNormalizationKeepsTheBatchInOnePiece() {
        JobSpec spec = TestData.spec("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [16], "batchNorm": true},
                 "optimizer": {"type": "sgd", "learningRate": 0.5}, "training": {"epochs": 3, "batchMode": "full_batch"}}""",
                Task.CLASSIFICATION);
        // batch statistics over 1,000 rows differ from those over 2,500: equal results mean no chunking happened
        assertThat(train(spec, 1000)).containsExactly(train(spec, Integer.MAX_VALUE));
    }

    private static float[] train(JobSpec spec, int chunkRows) {
        SplitIndices split = Splitter.holdout(MOONS.rows(), MOONS.labels(), 0.0, 0.0, 1);
        Preprocessing prep = Preprocessing.fit(MOONS, split.train());
        PreparedSplit train = PreparedSplit.of(MOONS, prep, split.train());
        try (NDManager manager = NDManager.newBaseManager()) {
            FitOutcome outcome = new ModelTrainer(spec, 2, new int[0], new Evaluator(spec.loss(), 2, prep), chunkRows,
                    ResidentInputs.MAX_BYTES)
                    .fit(manager, train, null, 7, TestData.QUIET, SubRun.SINGLE);
            return outcome.block().getParameters().stream()
                    .flatMap(p -> java.util.stream.Stream.of(p.getValue().getArray().toFloatArray()))
                    .reduce(new float[0], BatchChunkingTest::concat);
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
