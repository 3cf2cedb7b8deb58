package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainingservice.dataset.DatasetMatrix;
import org.trainingservice.dataset.EncodedDataset;
import org.trainingservice.dataset.IdxReader;
import org.trainingservice.support.SharedDatasets;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.RegularizationSpec;
import org.trainingservice.training.spec.AugmentationSpec;
import org.trainingservice.training.spec.Task;

class MemoryAndImageTest {

    @Test
    void nativeArraysDoNotAccumulateAcrossEpochs() {
        DataTable moons = TestData.builtin("moons", 400, 0.2, null, 1);
        JobSpec spec = TestData.spec("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [32, 32], "dropout": 0.1, "batchNorm": true},
                 "optimizer": {"type": "adam", "clipGradient": 1.0}, "training": {"epochs": 15, "batchSize": 16},
                 "regularization": {"l1": 0.0001, "l2": 0.0001, "inputNoise": 0.05, "mixup": 0.2}}""", Task.CLASSIFICATION);
        SplitIndices split = Splitter.holdout(moons.rows(), moons.labels(), 0.2, 0.2, 1);
        Preprocessing prep = Preprocessing.fit(moons, split.train());
        Evaluator evaluator = new Evaluator(spec.loss(), 2, prep);
        List<Integer> arrays = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            new ModelTrainer(spec, 2, new int[0], evaluator).fit(manager, PreparedSplit.of(moons, prep, split.train()),
                    PreparedSplit.of(moons, prep, split.validation()), 1,
                    TrainingObserver.onEpoch(report -> arrays.add(manager.getManagedArrays().size())), SubRun.SINGLE);
        }
        assertThat(arrays.get(1)).isGreaterThan(0);
        // parameters and optimizer state exist from the first step on; nothing else may pile up
        assertThat(arrays.get(arrays.size() - 1)).as("arrays held after each epoch: %s", arrays).isEqualTo(arrays.get(1));
    }

    @Test
    void aCnnLearnsMnistDigits() {
        EncodedDataset mnist = IdxReader.read(SharedDatasets.read("mnist-t10k/t10k-images-idx3-ubyte.gz"),
                SharedDatasets.read("mnist-t10k/t10k-labels-idx1-ubyte.gz"));
        DatasetMatrix m = mnist.matrix();
        int rows = 1500;
        DataTable subset = new DataTable(Arrays.copyOf(m.features(), rows * m.cols()), rows, m.cols(),
                Arrays.copyOf(m.targets(), rows), m.classNames(), m.featureNames(), m.imageShape(), Double.NaN);
        JobSpec spec = TestData.spec("""
                {"dataset": {"builtin": "xor"}, "model": {"type": "cnn", "channels": [8, 16], "hidden": [32]},
                 "optimizer": {"type": "adam", "learningRate": 0.002}, "training": {"epochs": 4, "batchSize": 32}}""",
                Task.CLASSIFICATION);
        TrainingOutcome outcome = new TrainingEngine().run(spec, subset, TestData.QUIET);
        assertThat(outcome.result().metrics().get("test").get("accuracy")).isGreaterThan(0.8);
        assertThat(outcome.model().imageShape()).containsExactly(1, 28, 28);
    }

    @Test
    void imageAugmentationFlipsAndShiftsTrainingImages() {
        int size = 7;
        float[] image = new float[size * size];
        image[2 * size + 1] = 1f; // row 2, column 1
        int rows = 40;
        float[] x = new float[rows * image.length];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(image, 0, x, r * image.length, image.length);
        }
        AugmentationSpec augmentation = new AugmentationSpec(true, 1, null, null).withDefaults();
        RegularizationSpec spec = new RegularizationSpec(null, null, null, null, null, augmentation, null).withDefaults();
        new BatchTransforms(spec, new int[]{1, size, size}, 3).apply(x, new float[rows * 2], rows, image.length, 2, true);
        boolean flipped = false;
        boolean unflipped = false;
        for (int r = 0; r < rows; r++) {
            int bright = -1;
            for (int i = 0; i < image.length; i++) {
                if (x[r * image.length + i] == 1f) {
                    bright = i;
                }
            }
            assertThat(bright).as("the bright pixel stays in the image").isGreaterThanOrEqualTo(0);
            int row = bright / size;
            int col = bright % size;
            assertThat(Math.abs(row - 2)).isLessThanOrEqualTo(1);
            flipped |= Math.abs(col - (size - 1 - 1)) <= 1;
            unflipped |= Math.abs(col - 1) <= 1;
        }
        assertThat(flipped).isTrue();
        assertThat(unflipped).isTrue();
    }
}
