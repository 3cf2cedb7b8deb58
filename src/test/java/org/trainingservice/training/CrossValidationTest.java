package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.Task;

/** k-fold's summary statistics recomputed from the folds, and the refit's epochs. */
class CrossValidationTest {

    private static final DataTable MOONS = TestData.builtin("moons", 160, 0.3, null, 2);

    @Test
    void theStandardDeviationIsTheFoldsSampleStandardDeviationAndTheRefitRunsTheSpecsEpochs() {
        List<EpochReport> reports = new ArrayList<>();
        TrainingOutcome outcome = TestData.train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [8]}, "training": {"epochs": 3, "batchSize": 32},
                 "validation": {"strategy": "kfold", "folds": 3}}""", MOONS, Task.CLASSIFICATION, reports);
        TrainingResult.CrossValidation cv = outcome.result().crossValidation();
        assertThat(cv.folds()).hasSize(3);
        for (String metric : List.of("loss", "accuracy")) {
            double[] values = cv.folds().stream().mapToDouble(f -> f.metrics().get(metric)).toArray();
            double mean = (values[0] + values[1] + values[2]) / 3;
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            assertThat(cv.mean().get(metric)).isCloseTo(mean, within(1e-12));
            assertThat(cv.std().get(metric)).isGreaterThan(0).isCloseTo(Math.sqrt(squares / 2), within(1e-12));
        }
        assertThat(cv.refitEpochs()).isEqualTo(3);
        assertThat(reports).filteredOn(r -> r.label().startsWith("refit")).extracting(EpochReport::epoch).containsExactly(1, 2, 3);
        assertThat(reports).filteredOn(r -> r.fold() != null).extracting(EpochReport::fold)
                .containsExactly(1, 1, 1, 2, 2, 2, 3, 3, 3);
        // the refit has no validation split: its reports carry training metrics only
        assertThat(reports.get(reports.size() - 1).metrics()).containsOnlyKeys("train_loss", "train_accuracy");
        assertThat(outcome.result().epochsRun()).isEqualTo(3);
        assertThat(outcome.result().bestEpoch()).as("a refit with nothing to monitor ends at its last epoch").isEqualTo(3);
        // four sub-runs of three epochs: each epoch is a twelfth of the job
        for (int i = 0; i < reports.size(); i++) {
            assertThat(reports.get(i).fraction()).isCloseTo((i + 1) / 12.0, within(1e-12));
            assertThat(reports.get(i).totalEpochs()).isEqualTo(3);
        }
    }

    @Test
    void withEarlyStoppingTheRefitRunsTheFoldsMeanBestEpoch() {
        List<EpochReport> reports = new ArrayList<>();
        TrainingOutcome outcome = TestData.train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [8]}, "training": {"epochs": 40, "batchSize": 32},
                 "optimizer": {"learningRate": 0.05},
                 "validation": {"strategy": "kfold", "folds": 3},
                 "regularization": {"earlyStopping": {"patience": 2, "minDelta": 0.01}}}""", MOONS, Task.CLASSIFICATION, reports);
        TrainingResult.CrossValidation cv = outcome.result().crossValidation();
        double meanBest = cv.folds().stream().mapToInt(TrainingResult.Fold::bestEpoch).average().orElseThrow();
        assertThat(cv.folds()).allSatisfy(f -> assertThat(f.epochsRun()).isEqualTo(f.bestEpoch() + 2));
        assertThat(cv.refitEpochs()).isEqualTo((int) Math.round(meanBest)).isLessThan(40);
        assertThat(reports).filteredOn(r -> r.label().startsWith("refit")).hasSize(cv.refitEpochs());
        assertThat(outcome.result().epochsRun()).isEqualTo(cv.refitEpochs());
        Map<String, Double> validation = outcome.result().metrics().get("validation");
        assertThat(validation).isEqualTo(cv.mean());
    }
}
