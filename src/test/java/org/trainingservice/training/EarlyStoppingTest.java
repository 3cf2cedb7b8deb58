package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.Task;

/** Early stopping's options: the monitored metric and its direction, minDelta, restoreBest. */
class EarlyStoppingTest {

    private static final DataTable NOISY_MOONS = TestData.builtin("moons", 160, 0.45, null, 4);
    private static final DataTable SINE = TestData.builtin("sine", 160, 0.3, null, 5);

    private static final String MOONS_SPEC = """
            {"dataset": {"builtin": "moons"}, "model": {"hidden": [64, 64]}, "optimizer": {"learningRate": 0.01},
             "training": {"epochs": %d, "batchSize": 16}, "regularization": {"earlyStopping": %s}}""";

    private static Run run(String json, DataTable data, Task task) {
        List<EpochReport> reports = new ArrayList<>();
        TrainingResult result = TestData.train(json, data, task, reports).result();
        return new Run(result, reports);
    }

    private record Run(TrainingResult result, List<EpochReport> reports) {
        double metric(int epoch, String name) {
            return reports.get(epoch - 1).metrics().get(name);
        }

        /** The first epoch with the best value of {@code name}. */
        int bestEpoch(String name, boolean maximize) {
            Comparator<Integer> order = Comparator.comparingDouble(e -> metric(e, name));
            return IntStream.rangeClosed(1, reports.size()).boxed()
                    .reduce((a, b) -> (maximize ? order.compare(b, a) > 0 : order.compare(b, a) < 0) ? b : a).orElseThrow();
        }
    }

    @Test
    void aMinDeltaNoEpochCanBeatStopsPatienceEpochsAfterTheFirst() {
        Run strict = run(MOONS_SPEC.formatted(40, "{\"patience\": 3, \"minDelta\": 0.5}"), NOISY_MOONS, Task.CLASSIFICATION);
        assertThat(strict.result().bestEpoch()).isEqualTo(1);
        assertThat(strict.result().epochsRun()).isEqualTo(4);
        assertThat(strict.result().stoppedEarly()).isTrue();
        // without minDelta the improving epochs count, and it trains on
        Run plain = run(MOONS_SPEC.formatted(40, "{\"patience\": 3}"), NOISY_MOONS, Task.CLASSIFICATION);
        assertThat(plain.result().bestEpoch()).isGreaterThan(1);
        assertThat(plain.result().epochsRun()).isEqualTo(plain.result().bestEpoch() + 3);
        assertThat(plain.result().bestEpoch()).isEqualTo(plain.bestEpoch("val_loss", false));
    }

    @Test
    void valAccuracyIsMaximizedAndTheBestEpochsWeightsAreKept() {
        Run run = run(MOONS_SPEC.formatted(30, "{\"monitor\": \"val_accuracy\", \"patience\": 30}"), NOISY_MOONS,
                Task.CLASSIFICATION);
        assertThat(run.result().epochsRun()).isEqualTo(30);
        int best = run.bestEpoch("val_accuracy", true);
        assertThat(run.result().bestEpoch()).isEqualTo(best);
        assertThat(run.result().metrics().get("validation").get("accuracy")).isEqualTo(run.metric(best, "val_accuracy"));
        assertThat(run.result().metrics().get("validation").get("loss")).isCloseTo(run.metric(best, "val_loss"), within(1e-9));
    }

    @Test
    void regressionMonitorsMinimizeMaeAndMaximizeR2() {
        String spec = """
                {"dataset": {"builtin": "sine"}, "model": {"hidden": [32], "activation": "tanh"},
                 "optimizer": {"learningRate": 0.02}, "training": {"epochs": 15, "batchSize": 16},
                 "regularization": {"earlyStopping": {"monitor": "%s", "patience": 15}}}""";
        Run mae = run(spec.formatted("val_mae"), SINE, Task.REGRESSION);
        assertThat(mae.result().bestEpoch()).isEqualTo(mae.bestEpoch("val_mae", false)).isGreaterThan(1);
        assertThat(mae.result().metrics().get("validation").get("mae")).isEqualTo(mae.metric(mae.result().bestEpoch(), "val_mae"));
        Run r2 = run(spec.formatted("val_r2"), SINE, Task.REGRESSION);
        assertThat(r2.result().bestEpoch()).isEqualTo(r2.bestEpoch("val_r2", true)).isGreaterThan(1);
        Run rmse = run(spec.formatted("val_rmse"), SINE, Task.REGRESSION);
        assertThat(rmse.result().bestEpoch()).isEqualTo(rmse.bestEpoch("val_rmse", false));
    }

    @Test
    void withoutRestoreBestTheLastEpochsWeightsAreKept() {
        Run run = run(MOONS_SPEC.formatted(200, "{\"patience\": 3, \"restoreBest\": false}"), NOISY_MOONS, Task.CLASSIFICATION);
        TrainingResult result = run.result();
        assertThat(result.stoppedEarly()).isTrue();
        assertThat(result.epochsRun()).isEqualTo(result.bestEpoch() + 3);
        double last = run.metric(result.epochsRun(), "val_loss");
        assertThat(last).isGreaterThan(run.metric(result.bestEpoch(), "val_loss"));
        assertThat(result.metrics().get("validation").get("loss")).isCloseTo(last, within(1e-9));
    }
}
