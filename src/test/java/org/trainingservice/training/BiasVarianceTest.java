package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;

/** The bias-variance decomposition recomputed from each round's own predictions on the test split. */
class BiasVarianceTest {

    private static final double EXACT = 1e-9;

    private static final String SINE = """
            {"dataset": {"builtin": "sine"}, "model": {"hidden": [8], "activation": "tanh"},
             "training": {"epochs": 5, "batchSize": 16}, "validation": {"testFraction": 0.3},
             "analysis": {"biasVariance": {"rounds": 4}}}""";

    @Test
    void squaredLossPartsAreTheRoundsVarianceAndErrorAndTheGeneratorsNoise() {
        DataTable sine = TestData.builtin("sine", 200, 0.3, null, 11);
        Rounds rounds = Rounds.run(SINE, sine, Task.REGRESSION);
        double[][] p = rounds.predictions();
        float[] y = rounds.target().rawTargets();
        double variance = 0;
        double expected = 0;
        double meanToTarget = 0;
        for (int i = 0; i < y.length; i++) {
            double mean = 0;
            for (double[] round : p) {
                mean += round[i] / p.length;
            }
            for (double[] round : p) {
                variance += Math.pow(round[i] - mean, 2);
                expected += Math.pow(round[i] - y[i], 2);
            }
            meanToTarget += Math.pow(mean - y[i], 2);
        }
        variance /= p.length * y.length;
        expected /= p.length * y.length;
        meanToTarget /= y.length;
        TrainingResult.BiasVariance bv = rounds.result();
        assertThat(bv.loss()).isEqualTo("squared");
        assertThat(bv.rounds()).isEqualTo(4);
        assertThat(bv.variance()).isGreaterThan(0).isCloseTo(variance, within(EXACT));
        assertThat(bv.expectedLoss()).isCloseTo(expected, within(EXACT));
        assertThat(bv.noise()).isEqualTo(Math.min(0.3 * 0.3, meanToTarget));
        assertThat(bv.noiseSource()).isEqualTo("generator");
        assertThat(bv.bias2()).isCloseTo(meanToTarget - bv.noise(), within(EXACT));
        assertThat(bv.bias2() + bv.variance() + bv.noise()).isCloseTo(bv.expectedLoss(), within(EXACT));
        assertThat(bv.netVariance()).isNull();
    }

    @Test
    void withoutAKnownNoiseTheNearestNeighbourEstimateIsUsed() {
        DataTable generated = TestData.builtin("sine", 200, 0.3, null, 12);
        DataTable uploaded = new DataTable(generated.features(), generated.rows(), generated.cols(), generated.targets(),
                generated.classNames(), generated.featureNames(), generated.imageShape(), Double.NaN);
        Rounds rounds = Rounds.run(SINE, uploaded, Task.REGRESSION);
        PreparedSplit target = rounds.target();
        double sum = 0;
        for (int i = 0; i < target.rows(); i++) {
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < target.rows(); j++) {
                double d = Math.abs(target.inputs()[i] - target.inputs()[j]);
                if (j != i && d < best) {
                    best = d;
                    nearest = j;
                }
            }
            sum += Math.pow(target.rawTargets()[i] - target.rawTargets()[nearest], 2);
        }
        double estimate = sum / (2.0 * target.rows());
        TrainingResult.BiasVariance bv = rounds.result();
        assertThat(bv.noiseSource()).contains("nearest-neighbour");
        // the estimate is near the generator's 0.09 (and below the mean prediction's error, so it is not capped)
        assertThat(estimate).isBetween(0.05, 0.15);
        assertThat(bv.noise()).isCloseTo(estimate, within(EXACT));
        assertThat(bv.bias2() + bv.variance() + bv.noise()).isCloseTo(bv.expectedLoss(), within(EXACT));
    }

    @Test
    void zeroOneBiasAndNetVarianceFollowDomingos() {
        DataTable moons = TestData.builtin("moons", 200, 0.35, null, 12);
        Rounds rounds = Rounds.run("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [4]}, "training": {"epochs": 3, "batchSize": 32},
                 "validation": {"testFraction": 0.3}, "analysis": {"biasVariance": {"rounds": 5}}}""", moons,
                Task.CLASSIFICATION);
        PreparedSplit target = rounds.target();
        int n = target.rows();
        double bias = 0;
        double variance = 0;
        double net = 0;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int ones = 0;
            for (float[] round : rounds.outputs()) {
                ones += Ensembles.argmax(round, i, 2);
            }
            int main = ones > 5 - ones ? 1 : 0;
            int y = (int) target.targets()[i];
            double pMain = (main == 1 ? ones : 5 - ones) / 5.0;
            double pRight = (y == 1 ? ones : 5 - ones) / 5.0;
            bias += main == y ? 0 : 1;
            variance += 1 - pMain;
            // unbiased rows: variance adds to the loss; biased rows: variance takes away the rounds that were right
            net += main == y ? 1 - pMain : -pRight;
            loss += 1 - pRight;
        }
        TrainingResult.BiasVariance bv = rounds.result();
        assertThat(bv.loss()).isEqualTo("zero_one");
        assertThat(bv.bias2()).isCloseTo(bias / n, within(EXACT));
        assertThat(bv.variance()).isGreaterThan(0).isCloseTo(variance / n, within(EXACT));
        assertThat(bv.netVariance()).isCloseTo(net / n, within(EXACT));
        assertThat(bv.expectedLoss()).isCloseTo(loss / n, within(EXACT));
        assertThat(bv.noise()).isZero();
    }

    /** The rounds of one analysis: each round's outputs on the target split, and the decomposition. */
    private record Rounds(List<float[]> outputs, PreparedSplit target, Preprocessing preprocessing,
                          TrainingResult.BiasVariance result) {

        static Rounds run(String json, DataTable data, Task task) {
            JobSpec spec = TestData.spec(json, task);
            Preparation prep = SubRunRecorder.prepare(spec, data);
            int rounds = spec.analysis().biasVariance().rounds();
            SubRunRecorder recorder = new SubRunRecorder();
            TrainingResult.BiasVariance result = recorder.run(spec, data, rounds,
                    (ctx, p) -> BiasVarianceAnalysis.run(ctx, p, 0), prep);
            List<float[]> outputs = recorder.completed().stream().map(c -> c.outputs().get("target")).toList();
            assertThat(outputs).hasSize(rounds);
            assertThat(outputs.get(0)).isNotEqualTo(outputs.get(1)); // each round trains on its own resample
            return new Rounds(outputs, prep.test(), prep.preprocessing(), result);
        }

        /** Each round's predictions in the target's units. */
        double[][] predictions() {
            double[][] p = new double[outputs.size()][target.rows()];
            for (int r = 0; r < p.length; r++) {
                for (int i = 0; i < target.rows(); i++) {
                    p[r][i] = preprocessing.inverseTarget(outputs.get(r)[i]);
                }
            }
            return p;
        }
    }
}
