package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.initializer.XavierInitializer;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.optim.Optimizers;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;

/** A full batch in chunks takes its inputs from one uploaded array, and takes the step the copying path takes. */
class ResidentInputsTest {

    private static final DataTable MOONS = TestData.builtin("moons", 2500, 0.2, null, 3);
    private static final String FULL_BATCH = """
            {"dataset": {"builtin": "moons"}, "model": {"hidden": [16, 8]},
             "optimizer": {"type": "adam", "learningRate": 0.05},
             "training": {"epochs": 1, "batchMode": "full_batch"}, "regularization": %s}""";

    @Test
    void aFullBatchStepTakesItsChunksFromTheUploadedInputsAndTakesTheCopyingPathsStep() {
        JobSpec spec = TestData.spec(FULL_BATCH.formatted("{}"), Task.CLASSIFICATION);
        PreparedSplit train = split();
        Step resident = steps(spec, train, ResidentInputs.MAX_BYTES, 3);
        Step copied = steps(spec, train, 0, 3);
        assertThat(resident.uploaded()).as("the resident path was taken").isTrue();
        assertThat(copied.uploaded()).as("no upload when no memory is allowed for it").isFalse();
        assertThat(resident.parameters()).as("the steps moved the parameters").isNotEqualTo(steps(spec, train, 0, 0)
                .parameters());
        // the same rows in the same order: a wrong row offset or chunk changes the gradient, and so the parameters
        float[] a = resident.parameters();
        float[] b = copied.parameters();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("parameter element %d", i).isCloseTo(b[i], within(1e-6f));
        }
    }

    @Test
    void onlyAFullBatchInSeveralChunksWithUnchangedInputsThatFitsTheLimitIsCovered() {
        PreparedSplit train = split();
        long bytes = (long) train.rows() * train.cols() * Float.BYTES;
        BatchTransforms none = transforms("{}");
        try (NDManager manager = NDManager.newBaseManager()) {
            ResidentInputs inputs = new ResidentInputs(train, manager, bytes, new DirectRows(), 1000);
            assertThat(inputs.covers(train.rows(), 1000, none)).as("a full batch in chunks").isTrue();
            assertThat(inputs.covers(train.rows() - 1, 1000, none)).as("a batch of fewer rows (shuffled)").isFalse();
            assertThat(inputs.covers(train.rows(), train.rows(), none)).as("a full batch in one chunk").isFalse();
            assertThat(inputs.covers(train.rows(), 1000, transforms("{\"inputNoise\": 0.1}")))
                    .as("inputs changed by noise").isFalse();
            ResidentInputs tooSmall = new ResidentInputs(train, manager, bytes - 1, new DirectRows(), 1000);
            assertThat(tooSmall.covers(train.rows(), 1000, none)).as("a split one byte over the limit").isFalse();
        }
    }

    @Test
    void aViewHoldsTheSplitsRowsAndGoesWithItsPassAndClosingFreesTheUpload() {
        PreparedSplit train = split();
        try (NDManager manager = NDManager.newBaseManager()) {
            int before = manager.getManagedArrays().size();
            // uploaded 700 rows at a time (the last piece 400), then read at an offset that is no multiple of it
            ResidentInputs inputs = new ResidentInputs(train, manager, ResidentInputs.MAX_BYTES, new DirectRows(), 700);
            NDArray rows;
            try (NDManager pass = manager.newSubManager()) {
                rows = inputs.rows(pass, 1300, 900);
                assertThat(rows.getShape()).isEqualTo(new Shape(900, train.cols()));
                assertThat(rows.toFloatArray()).containsExactly(Arrays.copyOfRange(train.inputs(),
                        1300 * train.cols(), 2200 * train.cols()));
                NDArray tail = inputs.rows(pass, 2400, 100);
                assertThat(tail.toFloatArray()).containsExactly(Arrays.copyOfRange(train.inputs(),
                        2400 * train.cols(), 2500 * train.cols()));
            }
            assertThat(rows.isReleased()).as("a chunk's view is closed with its pass, not kept for the fit").isTrue();
            assertThat(inputs.uploaded()).isTrue();
            assertThat(manager.getManagedArrays()).as("the upload is held").hasSizeGreaterThan(before);
            inputs.close();
            assertThat(inputs.uploaded()).isFalse();
            assertThat(manager.getManagedArrays()).as("closing frees the upload").hasSize(before);
        }
    }

    private record Step(float[] parameters, boolean uploaded) {
    }

    /** {@code count} full-batch steps in chunks of 1,000 rows from the same initial parameters. */
    private static Step steps(JobSpec spec, PreparedSplit train, long residentBytes, int count) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            SequentialBlock block = ModelFactory.build(spec.model(), train.cols(), 2, new int[0]);
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, train.cols()));
            int[] order = IntStream.range(0, train.rows()).toArray();
            boolean uploaded;
            try (BatchStep step = new BatchStep(spec, 2, 1000, manager, block,
                    Optimizers.create(spec.optimizer(), manager), train, true, residentBytes)) {
                for (int i = 1; i <= count; i++) {
                    step.train(new BatchStep.Batch(1, i, order, 0, train.rows(), 0.05f, transforms("{}")));
                }
                uploaded = step.residentInputs();
            }
            float[] parameters = block.getParameters().stream()
                    .map(p -> p.getValue().getArray().toFloatArray())
                    .reduce(new float[0], ResidentInputsTest::concat);
            return new Step(parameters, uploaded);
        }
    }

    private static PreparedSplit split() {
        SplitIndices split = Splitter.holdout(MOONS.rows(), MOONS.labels(), 0.0, 0.0, 1);
        return PreparedSplit.of(MOONS, Preprocessing.fit(MOONS, split.train()), split.train());
    }

    private static BatchTransforms transforms(String regularization) {
        return new BatchTransforms(TestData.spec(FULL_BATCH.formatted(regularization), Task.CLASSIFICATION)
                .regularization(), new int[0], 5);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
