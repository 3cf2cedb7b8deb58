package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.trainingservice.inference.LoadedModel;
import org.trainingservice.inference.StoredModel;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.LossType;
import org.trainingservice.training.spec.Task;

/**
 * Bagging and boosting recomputed from each member's own outputs (what the job's checkpoint ledger keeps of it): the
 * resamples, out-of-bag rows, SAMME errors, member weights and sample weights, and gradient boosting's residuals.
 */
class EnsembleStrategiesTest {

    private static final double EXACT = 1e-9;

    @Test
    void baggingMembersTrainOnTheirOwnResamplesAndOutOfBagUsesExactlyTheRowsEachNeverSaw() {
        DataTable data = TestData.builtin("moons", 200, 0.3, null, 5);
        JobSpec spec = TestData.spec("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [8]}, "training": {"epochs": 3, "batchSize": 16},
                 "ensemble": {"method": "bagging", "members": 3, "sampleFraction": 0.6}}""", Task.CLASSIFICATION);
        Preparation prep = SubRunRecorder.prepare(spec, data);
        SubRunRecorder recorder = new SubRunRecorder();
        TrainingOutcome outcome = recorder.run(spec, data, 3, Bagging::run, prep);

        PreparedSplit train = prep.train();
        int n = train.rows();
        int size = (int) Math.round(0.6 * n);
        Evaluator evaluator = new Evaluator(LossType.CROSS_ENTROPY, 2, prep.preprocessing());
        long stepsPerEpoch = (size + 15) / 16; // the members' epochs go over the resample, not the whole split
        double[] sums = new double[n * 2];
        int[] counts = new int[n];
        for (int m = 1; m <= 3; m++) {
            int[] sample = Splitter.bootstrap(IntStream.range(0, n).toArray(), size, spec.training().seed() * 31 + m);
            float[] out = recorder.outputs(m - 1, "train");
            // the member's own training loss (the last epoch's report) is the loss on exactly its resample's rows
            int member = m;
            List<EpochReport> own = recorder.reports.stream().filter(r -> r.member() == member).toList();
            assertThat(own).extracting(EpochReport::step).containsExactly(stepsPerEpoch, 2L * stepsPerEpoch, 3L * stepsPerEpoch);
            double lossOnSample = evaluator.metrics(rows(out, sample, 2), train.select(sample)).get("loss");
            assertThat(own.get(2).metrics().get("train_loss")).isCloseTo(lossOnSample, within(1e-6));
            boolean[] seen = new boolean[n];
            Arrays.stream(sample).forEach(r -> seen[r] = true);
            double[] p = Ensembles.softmax(out, n, 2);
            for (int r = 0; r < n; r++) {
                if (!seen[r]) {
                    counts[r]++;
                    sums[2 * r] += p[2 * r];
                    sums[2 * r + 1] += p[2 * r + 1];
                }
            }
        }
        assertThat(recorder.outputs(0, "train")).isNotEqualTo(recorder.outputs(1, "train"));
        assertThat(recorder.outputs(1, "train")).isNotEqualTo(recorder.outputs(2, "train"));

        int[] covered = IntStream.range(0, n).filter(r -> counts[r] > 0).toArray();
        float[] oob = new float[covered.length * 2];
        for (int i = 0; i < covered.length; i++) {
            for (int k = 0; k < 2; k++) {
                oob[2 * i + k] = (float) Math.log(Math.max(sums[2 * covered[i] + k] / counts[covered[i]], 1e-7));
            }
        }
        Map<String, Double> expected = evaluator.metrics(oob, train.select(covered));
        Map<String, Double> outOfBag = outcome.result().ensemble().outOfBag();
        assertThat(outOfBag.get("loss")).isCloseTo(expected.get("loss"), within(EXACT));
        assertThat(outOfBag.get("accuracy")).isCloseTo(expected.get("accuracy"), within(EXACT));
        assertThat(outOfBag.get("coverage")).isCloseTo((double) covered.length / n, within(EXACT));
        assertThat(covered.length).isLessThan(n); // with 3 members of 60% some rows are in every resample

        // the ensemble averages the members' probabilities
        float[] averaged = Ensembles.combine(TrainedModel.Combination.AVERAGE,
                List.of(recorder.outputs(0, "test"), recorder.outputs(1, "test"), recorder.outputs(2, "test")), null,
                prep.test().rows(), 2, true);
        assertThat(outcome.result().metrics().get("test")).isEqualTo(evaluator.metrics(averaged, prep.test()));
        assertThat(outcome.result().ensemble().members()).extracting(TrainingResult.Member::weight).containsOnly(1.0);
    }

    @Test
    void baggingForRegressionAveragesTheMembersPredictions() {
        DataTable data = TestData.builtin("sine", 200, 0.2, null, 3);
        JobSpec spec = TestData.spec("""
                {"dataset": {"builtin": "sine"}, "model": {"hidden": [8], "activation": "tanh"},
                 "training": {"epochs": 4, "batchSize": 16}, "ensemble": {"method": "bagging", "members": 3}}""",
                Task.REGRESSION);
        Preparation prep = SubRunRecorder.prepare(spec, data);
        SubRunRecorder recorder = new SubRunRecorder();
        TrainingOutcome outcome = recorder.run(spec, data, 3, Bagging::run, prep);
        int rows = prep.test().rows();
        float[] mean = new float[rows];
        for (int m = 0; m < 3; m++) {
            float[] out = recorder.outputs(m, "test");
            for (int i = 0; i < rows; i++) {
                mean[i] += (float) (out[i] / 3.0);
            }
        }
        double squares = 0;
        for (int i = 0; i < rows; i++) {
            double predicted = prep.preprocessing().inverseTarget(mean[i]);
            squares += Math.pow(predicted - prep.test().rawTargets()[i], 2);
        }
        assertThat(outcome.result().metrics().get("test").get("rmse")).isCloseTo(Math.sqrt(squares / rows), within(1e-5));
        assertThat(outcome.model().combination()).isEqualTo(TrainedModel.Combination.AVERAGE);
        assertThat(outcome.result().ensemble().outOfBag()).containsKeys("rmse", "r2", "coverage");
    }

    @Test
    void sammeReportsEachMembersWeightedErrorItsAlphaAndReweightsTheRowsItGotWrong() {
        DataTable data = TestData.builtin("spirals", 240, 0.1, 3, 6);
        String json = """
                {"dataset": {"builtin": "spirals"}, "model": {"hidden": [6]}, "optimizer": {"learningRate": 0.03},
                 "training": {"epochs": 6, "batchSize": 32}, "ensemble": {"method": "boosting", "members": 3, "shrinkage": 0.5}}""";
        JobSpec spec = TestData.spec(json, Task.CLASSIFICATION);
        Preparation prep = SubRunRecorder.prepare(spec, data);
        SubRunRecorder recorder = new SubRunRecorder();
        TrainingOutcome outcome = recorder.run(spec, data, 3, Boosting::run, prep);
        List<TrainingResult.Member> members = outcome.result().ensemble().members();

        PreparedSplit train = prep.train();
        int n = train.rows();
        double[] weights = new double[n];
        Arrays.fill(weights, 1.0 / n);
        List<double[]> weightsBefore = new ArrayList<>();
        double[] alphas = new double[3];
        for (int m = 0; m < 3; m++) {
            weightsBefore.add(weights.clone());
            float[] out = recorder.outputs(m, "train");
            double wrongWeight = 0;
            double total = Arrays.stream(weights).sum();
            boolean[] wrong = new boolean[n];
            for (int r = 0; r < n; r++) {
                wrong[r] = Ensembles.argmax(out, r, 3) != (int) train.targets()[r];
                wrongWeight += wrong[r] ? weights[r] : 0;
            }
            double error = wrongWeight / total;
            double alpha = 0.5 * (Math.log((1 - error) / error) + Math.log(3 - 1));
            assertThat(error).isBetween(0.05, 0.6); // weak learners, better than chance (2/3): alpha > 0
            assertThat(members.get(m).error()).isCloseTo(error, within(EXACT));
            assertThat(members.get(m).weight()).isCloseTo(alpha, within(EXACT));
            alphas[m] = alpha;
            for (int r = 0; r < n; r++) {
                weights[r] *= wrong[r] ? Math.exp(alpha) : 1;
            }
            float[] staged = Ensembles.combine(TrainedModel.Combination.SAMME, outputsUpTo(recorder, m, "test"),
                    Arrays.copyOf(alphas, m + 1), prep.test().rows(), 3, true);
            assertThat(members.get(m).staged()).isEqualTo(
                    new Evaluator(LossType.CROSS_ENTROPY, 3, prep.preprocessing()).metrics(staged, prep.test()));
        }
        for (int m = 0; m < 3; m++) {
            assertThat(outcome.model().members().get(m).weight()).isCloseTo(alphas[m], within(EXACT));
        }

        // member 2 trained on the reweighted rows: the same fit on those weights gives its outputs bit for bit, the same
        // fit without them does not
        float[] withWeights = refit(spec, data, prep, train.withWeights(weightsBefore.get(1)), 2);
        float[] without = refit(spec, data, prep, train, 2);
        assertThat(withWeights).containsExactly(recorder.outputs(1, "train"));
        assertThat(without).isNotEqualTo(recorder.outputs(1, "train"));
    }

    private static List<float[]> outputsUpTo(SubRunRecorder recorder, int last, String split) {
        List<float[]> outputs = new ArrayList<>();
        for (int m = 0; m <= last; m++) {
            outputs.add(recorder.outputs(m, split));
        }
        return outputs;
    }

    private static float[] refit(JobSpec spec, DataTable data, Preparation prep, PreparedSplit train, int member) {
        try (NDManager manager = NDManager.newBaseManager()) {
            JobContext ctx = new JobContext(spec, data, TestData.QUIET, manager, 4, "cpu", null);
            return ctx.fit(spec, ctx.evaluator(prep.preprocessing()), train, prep.validation(), spec.training().seed() + member,
                    SubRun.member(member, 3, 0, 4), Map.of("train", prep.train())).outputs().get("train");
        }
    }

    @Test
    void gradientBoostingFitsEachMemberToTheResidualsAndPredictsTheShrunkSum() {
        DataTable data = TestData.builtin("sine", 200, 0.1, null, 8);
        JobSpec spec = TestData.spec("""
                {"dataset": {"builtin": "sine"}, "model": {"hidden": [4], "activation": "tanh"},
                 "training": {"epochs": 4, "batchSize": 16}, "ensemble": {"method": "boosting", "members": 3, "shrinkage": 0.6}}""",
                Task.REGRESSION);
        Preparation prep = SubRunRecorder.prepare(spec, data);
        SubRunRecorder recorder = new SubRunRecorder();
        TrainingOutcome outcome = recorder.run(spec, data, 3, Boosting::run, prep);
        PreparedSplit train = prep.train();
        double scale = prep.preprocessing().targetScale();
        float[] ensemble = new float[train.rows()];
        for (int m = 0; m < 3; m++) {
            float[] out = recorder.outputs(m, "train");
            // the member's training loss is its squared error against what the ensemble before it left unexplained
            double squares = 0;
            for (int i = 0; i < train.rows(); i++) {
                float residual = train.targets()[i] - ensemble[i];
                squares += Math.pow((float) (out[i] * scale) - (float) (residual * scale), 2);
            }
            int member = m + 1;
            EpochReport last = recorder.reports.stream().filter(r -> r.member() == member).reduce((a, b) -> b).orElseThrow();
            assertThat(last.metrics().get("train_loss")).isCloseTo(squares / train.rows(), within(1e-6));
            for (int i = 0; i < train.rows(); i++) {
                ensemble[i] += (float) (0.6 * out[i]);
            }
        }
        assertThat(outcome.result().ensemble().members()).extracting(TrainingResult.Member::weight).containsOnly(0.6);

        // the stored model predicts the shrunk sum of its members, and its test metrics are the job's
        int rows = prep.test().rows();
        float[] sum = new float[rows];
        for (int m = 0; m < 3; m++) {
            float[] out = recorder.outputs(m, "test");
            for (int i = 0; i < rows; i++) {
                sum[i] += (float) (0.6 * out[i]);
            }
        }
        try (LoadedModel model = new LoadedModel(new StoredModel(outcome.model(), null))) {
            float[] predicted = model.predict(prep.test().inputs(), rows);
            for (int i = 0; i < rows; i++) {
                assertThat(predicted[i]).isCloseTo(sum[i], within(1e-5f));
            }
            Map<String, Double> metrics = new Evaluator(LossType.MSE, 0, prep.preprocessing()).metrics(predicted, prep.test());
            assertThat(outcome.result().metrics().get("test").get("rmse")).isCloseTo(metrics.get("rmse"), within(1e-5));
        }
        assertThat(outcome.model().combination()).isEqualTo(TrainedModel.Combination.ADDITIVE);
    }

    private static float[] rows(float[] outputs, int[] rows, int width) {
        float[] selected = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(outputs, rows[i] * width, selected, i * width, width);
        }
        return selected;
    }
}
