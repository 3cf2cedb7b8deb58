package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;

class PreprocessingTest {

    /** Feature = row index, so the mean of the training rows differs from the mean of all rows. */
    private static DataTable indexed(int rows) {
        float[] x = new float[rows];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = i;
            y[i] = i % 2;
        }
        return new DataTable(x, rows, 1, y, List.of("a", "b"), List.of("i"), new int[0], Double.NaN);
    }

    @Test
    void statisticsComeFromTheGivenRowsOnly() {
        DataTable data = indexed(10);
        Preprocessing p = Preprocessing.fit(data, new int[]{0, 1, 2, 3});
        assertThat(p.mean()[0]).isEqualTo(1.5);
        assertThat(p.scale()[0]).isCloseTo(Math.sqrt(1.25), within(1e-12));
        assertThat(p.transform(9f, 0)).isCloseTo((float) ((9 - 1.5) / Math.sqrt(1.25)), within(1e-5f));
    }

    @Test
    void missingValuesTakeTheTrainingMedian() {
        float[] x = {1, 2, Float.NaN, 100, 7};
        DataTable data = new DataTable(x, 5, 1, new float[]{0, 1, 0, 1, 0}, List.of("a", "b"), List.of("v"), new int[0], Double.NaN);
        Preprocessing p = Preprocessing.fit(data, new int[]{0, 1, 2, 4});
        assertThat(p.impute()[0]).isEqualTo(2.0); // median of 1, 2, 7: row 3 (100) is not a training row
    }

    @Test
    void theEngineFitsTheTransformOnTheTrainingSplitOnly() {
        DataTable data = indexed(200);
        JobSpec spec = TestData.spec("{\"dataset\": {\"builtin\": \"xor\"}, \"model\": {\"hidden\": [4]}, \"training\": {\"epochs\": 1}}",
                Task.CLASSIFICATION);
        TrainingOutcome outcome = new TrainingEngine().run(spec, data, TestData.QUIET);
        SplitIndices split = Splitter.holdout(200, data.labels(), 0.2, 0.2, spec.training().seed());
        double trainMean = Arrays.stream(split.train()).average().orElseThrow();
        double allMean = 99.5;
        assertThat(outcome.model().preprocessing().mean()[0]).isCloseTo(trainMean, within(1e-9));
        assertThat(trainMean).isNotCloseTo(allMean, within(0.01));
    }
}
