package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;

class TrainingEngineTest {

    @Test
    void trainsMoonsToHighAccuracyAndReportsEveryEpoch() {
        DataTable moons = TestData.builtin("moons", 600, 0.15, null, 1);
        JobSpec spec = TestData.spec("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [32, 32]},
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 15, "batchSize": 32}}
                """, Task.CLASSIFICATION);
        List<EpochReport> reports = new ArrayList<>();
        TrainingOutcome outcome = new TrainingEngine().run(spec, moons, TrainingObserver.onEpoch(reports::add));
        assertThat(reports).hasSize(15);
        assertThat(reports.get(0).metrics()).containsKeys("train_loss", "val_loss", "train_accuracy", "val_accuracy");
        assertThat(reports.get(14).metrics().get("train_loss")).isLessThan(reports.get(0).metrics().get("train_loss"));
        assertThat(outcome.result().metrics().get("test").get("accuracy")).isGreaterThanOrEqualTo(0.9);
        assertThat(outcome.result().epochsRun()).isEqualTo(15);
        assertThat(outcome.model().members().get(0).parameters()).isNotEmpty();
    }

    @Test
    void regressionMetricsAreInTheTargetsUnits() {
        DataTable sine = TestData.builtin("sine", 500, 0.1, null, 2);
        float[] scaled = sine.targets().clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = scaled[i] * 1000 + 5000;
        }
        DataTable large = new DataTable(sine.features(), sine.rows(), sine.cols(), scaled, List.of(),
                sine.featureNames(), new int[0], Double.NaN);
        JobSpec spec = TestData.spec("""
                {"dataset": {"builtin": "sine"}, "model": {"hidden": [32, 32], "activation": "tanh"},
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 30}}
                """, Task.REGRESSION);
        TrainingOutcome outcome = new TrainingEngine().run(spec, large, TestData.QUIET);
        double rmse = outcome.result().metrics().get("test").get("rmse");
        // noise is 0.1 * 1000 = 100 in these units: the RMSE must be near that, not near 0.1
        assertThat(rmse).isBetween(80.0, 200.0);
        assertThat(outcome.result().metrics().get("test").get("r2")).isGreaterThan(0.9);
    }
}
