package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.LossType;

/** Baselines measured by the service against the same predictors computed here by brute force, in doubles. */
class BaselinesTest {

    private static Preparation prepare(DataTable data, boolean stratify) {
        return Preparation.of(data, Splitter.holdout(data.rows(), stratify ? data.labels() : null, 0.2, 0.2, 7));
    }

    private static Baselines measure(Preparation prep, LossType loss, int classes) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return new BaselinePredictors(new Evaluator(loss, classes, prep.preprocessing()), loss, classes, manager, 7)
                    .measure(prep);
        }
    }

    /** Indices of the training rows by distance from query row {@code q}, nearest first. */
    private static Integer[] byDistance(PreparedSplit train, PreparedSplit query, int q) {
        int cols = train.cols();
        double[] d = new double[train.rows()];
        for (int r = 0; r < train.rows(); r++) {
            for (int c = 0; c < cols; c++) {
                double diff = train.inputs()[r * cols + c] - query.inputs()[q * cols + c];
                d[r] += diff * diff;
            }
        }
        Integer[] order = IntStream.range(0, train.rows()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(r -> d[r]));
        return order;
    }

    private static double knnAccuracy(Preparation prep, PreparedSplit query, int k) {
        int correct = 0;
        for (int q = 0; q < query.rows(); q++) {
            Integer[] order = byDistance(prep.train(), query, q);
            int[] votes = new int[2];
            for (int j = 0; j < k; j++) {
                votes[(int) prep.train().targets()[order[j]]]++;
            }
            int predicted = votes[1] > votes[0] ? 1 : 0; // k is odd: no ties between two classes
            correct += predicted == (int) query.targets()[q] ? 1 : 0;
        }
        return (double) correct / query.rows();
    }

    @Test
    void majorityClassAndNearestNeighboursMatchABruteForceComputation() {
        // unbalanced: 3 blobs, two of them merged into class 1 below
        DataTable blobs = TestData.builtin("blobs", 600, 1.5, 3, 11);
        float[] targets = blobs.targets().clone();
        for (int i = 0; i < targets.length; i++) {
            targets[i] = targets[i] == 2 ? 1 : targets[i];
        }
        DataTable data = new DataTable(blobs.features(), blobs.rows(), blobs.cols(), targets, java.util.List.of("a", "b"),
                blobs.featureNames(), blobs.imageShape(), Double.NaN);
        Preparation prep = prepare(data, true);
        Baselines b = measure(prep, LossType.CROSS_ENTROPY, 2);

        long ones = IntStream.range(0, prep.train().rows()).filter(i -> prep.train().targets()[i] == 1).count();
        double prior = (double) ones / prep.train().rows();
        assertThat(prior).isGreaterThan(0.6);
        PreparedSplit val = prep.validation();
        long valOnes = IntStream.range(0, val.rows()).filter(i -> val.targets()[i] == 1).count();
        assertThat(b.majorityClass().get("accuracy")).isCloseTo((double) valOnes / val.rows(), within(1e-12));
        double crossEntropy = -(valOnes * Math.log(prior) + (val.rows() - valOnes) * Math.log(1 - prior)) / val.rows();
        assertThat(b.majorityClass().get("loss")).isCloseTo(crossEntropy, within(1e-5));
        assertThat(b.trainingMean()).isNull();

        // k is the candidate with the best validation accuracy (the smallest on ties), its metrics those of that k
        double best = -1;
        int bestK = -1;
        for (int k : BaselinePredictors.K_CANDIDATES) {
            double acc = knnAccuracy(prep, val, k);
            if (acc > best) {
                best = acc;
                bestK = k;
            }
        }
        assertThat(b.k()).isEqualTo(bestK);
        assertThat(b.nearestNeighbours().get("accuracy")).isCloseTo(best, within(1e-12));
        assertThat(b.neighbours("test").get("accuracy")).isCloseTo(knnAccuracy(prep, prep.test(), bestK), within(1e-12));
        assertThat(b.referenceRows()).isEqualTo(prep.train().rows());
        // the neighbours beat the trivial predictor by far on separable blobs: the comparison has teeth
        assertThat(b.nearestNeighbours().get("accuracy")).isGreaterThan(b.majorityClass().get("accuracy") + 0.1);
        assertThat(b.splits().get("train").nearestNeighbours()).isNull();
    }

    @Test
    void theTrainingMeanHasNoSkillOnItsOwnRowsAndNeighboursAverageTheirTargets() {
        Preparation prep = prepare(TestData.builtin("sine", 400, 0.1, null, 3), false);
        Baselines b = measure(prep, LossType.MSE, 0);
        Map<String, Double> onTrain = b.trivial("train");
        assertThat(onTrain.get("r2")).isCloseTo(0.0, within(1e-6));
        double[] y = IntStream.range(0, prep.train().rows()).mapToDouble(i -> prep.train().rawTargets()[i]).toArray();
        double mean = Arrays.stream(y).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(y).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
        assertThat(onTrain.get("rmse")).isCloseTo(std, within(1e-5));
        assertThat(b.majorityClass()).isNull();

        PreparedSplit val = prep.validation();
        double squares = 0;
        for (int q = 0; q < val.rows(); q++) {
            Integer[] order = byDistance(prep.train(), val, q);
            double sum = 0;
            for (int j = 0; j < b.k(); j++) {
                sum += prep.train().rawTargets()[order[j]];
            }
            squares += Math.pow(sum / b.k() - val.rawTargets()[q], 2);
        }
        assertThat(b.nearestNeighbours().get("rmse")).isCloseTo(Math.sqrt(squares / val.rows()), within(1e-4));
        assertThat(b.nearestNeighbours().get("r2")).isGreaterThan(0.9);
    }

    @Test
    void largeTrainingSplitsAreSubsampledToTheDocumentedSize() {
        Preparation prep = prepare(TestData.builtin("blobs", 9000, 1.0, 3, 2), true);
        assertThat(prep.train().rows()).isGreaterThan(BaselinePredictors.MAX_REFERENCE_ROWS);
        Baselines b = measure(prep, LossType.CROSS_ENTROPY, 3);
        assertThat(b.referenceRows()).isEqualTo(BaselinePredictors.MAX_REFERENCE_ROWS);
        assertThat(b.nearestNeighbours().get("accuracy")).isGreaterThan(0.9);
    }
}
