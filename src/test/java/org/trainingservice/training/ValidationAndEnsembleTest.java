package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.Task;

class ValidationAndEnsembleTest {

    @Tag("slow")
    @Test
    void fiveFoldCrossValidationReportsEveryFoldAndRefits() {
        DataTable moons = TestData.builtin("moons", 500, 0.2, null, 1);
        List<EpochReport> reports = new ArrayList<>();
        TrainingOutcome outcome = TestData.train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [32, 32]}, "training": {"epochs": 12},
                 "validation": {"strategy": "kfold", "folds": 5, "testFraction": 0.2}}""", moons, Task.CLASSIFICATION, reports);
        TrainingResult.CrossValidation cv = outcome.result().crossValidation();
        assertThat(cv.folds()).hasSize(5).extracting(TrainingResult.Fold::fold).containsExactly(1, 2, 3, 4, 5);
        assertThat(cv.mean().get("accuracy")).isGreaterThanOrEqualTo(0.85);
        assertThat(cv.std().get("accuracy")).isGreaterThan(0).isLessThan(0.1);
        double mean = cv.folds().stream().mapToDouble(f -> f.metrics().get("accuracy")).average().orElseThrow();
        assertThat(cv.mean().get("accuracy")).isCloseTo(mean, within(1e-12));
        assertThat(outcome.result().metrics().get("validation")).isEqualTo(cv.mean());
        assertThat(outcome.result().metrics().get("test").get("accuracy")).isGreaterThanOrEqualTo(0.85);
        assertThat(reports).filteredOn(r -> r.fold() != null).extracting(EpochReport::fold).contains(1, 5);
        assertThat(reports.get(reports.size() - 1).label()).contains("refit");
        assertThat(reports.get(reports.size() - 1).fraction()).isCloseTo(1.0, within(1e-9));
        assertThat(reports.get(12 * 2 - 1).fraction()).isCloseTo(2.0 / 6, within(1e-9));
    }

    @Tag("slow")
    @Test
    void baggingBeatsItsAverageMemberAndReportsOutOfBag() {
        DataTable noisy = TestData.builtin("moons", 300, 0.4, null, 5);
        TrainingOutcome outcome = TestData.train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [128, 128]}, "optimizer": {"learningRate": 0.01},
                 "training": {"epochs": 40, "batchSize": 16}, "ensemble": {"method": "bagging", "members": 5}}""",
                noisy, Task.CLASSIFICATION, new ArrayList<>());
        TrainingResult.Ensemble ensemble = outcome.result().ensemble();
        assertThat(ensemble.members()).hasSize(5);
        double membersMeanLoss = ensemble.members().stream().mapToDouble(m -> m.metrics().get("loss")).average().orElseThrow();
        assertThat(ensemble.metrics().get("loss")).isLessThanOrEqualTo(membersMeanLoss);
        assertThat(ensemble.outOfBag()).containsKeys("loss", "accuracy", "coverage");
        assertThat(ensemble.outOfBag().get("coverage")).isGreaterThan(0.75); // 1 - 0.632^5 = 0.90 expected
        assertThat(outcome.model().members()).hasSize(5);
        assertThat(outcome.model().combination()).isEqualTo(TrainedModel.Combination.AVERAGE);
    }

    @Tag("slow")
    @Test
    void boostingWeakLearnersOnSpiralsBeatsTheFirstMember() {
        DataTable spirals = TestData.builtin("spirals", 600, 0.1, 3, 6);
        TrainingOutcome outcome = TestData.train("""
                {"dataset": {"builtin": "spirals"}, "model": {"hidden": [8]}, "optimizer": {"learningRate": 0.02},
                 "training": {"epochs": 25}, "ensemble": {"method": "boosting", "members": 6}}""",
                spirals, Task.CLASSIFICATION, new ArrayList<>());
        TrainingResult.Ensemble ensemble = outcome.result().ensemble();
        assertThat(ensemble.members()).hasSize(6);
        double first = ensemble.members().get(0).metrics().get("accuracy");
        assertThat(ensemble.metrics().get("accuracy")).isGreaterThan(first);
        List<Double> staged = ensemble.members().stream().map(m -> m.staged().get("accuracy")).toList();
        int rises = 0;
        for (int i = 1; i < staged.size(); i++) {
            rises += staged.get(i) >= staged.get(i - 1) ? 1 : 0;
        }
        assertThat(rises).as("staged accuracy %s", staged).isGreaterThanOrEqualTo(3);
        assertThat(staged.get(staged.size() - 1)).isGreaterThan(staged.get(0));
        assertThat(ensemble.members()).allSatisfy(m -> assertThat(m.weight()).isGreaterThan(0));
    }

    @Test
    void gradientBoostingFitsResidualsForRegression() {
        DataTable sine = TestData.builtin("sine", 400, 0.1, null, 8);
        TrainingOutcome outcome = TestData.train("""
                {"dataset": {"builtin": "sine"}, "model": {"hidden": [4], "activation": "tanh"}, "training": {"epochs": 10},
                 "ensemble": {"method": "boosting", "members": 4, "shrinkage": 0.8}}""", sine, Task.REGRESSION, new ArrayList<>());
        List<Double> staged = outcome.result().ensemble().members().stream().map(m -> m.staged().get("rmse")).toList();
        assertThat(staged.get(staged.size() - 1)).isLessThan(staged.get(0));
        assertThat(outcome.model().combination()).isEqualTo(TrainedModel.Combination.ADDITIVE);
    }

    @Tag("slow")
    @Test
    void biasVarianceOnSineAddsUpAndCapacityTradesBiasForVariance() {
        // a large test split keeps the sample's noise close to the generator's, so the parts add up tightly
        DataTable sine = TestData.builtin("sine", 400, 0.3, null, 11);
        TrainingResult.BiasVariance tiny = biasVariance(sine, "[]", 40); // a straight line: biased, stable
        TrainingResult.BiasVariance large = biasVariance(sine, "[256, 256]", 150); // flexible: follows each resample
        for (TrainingResult.BiasVariance bv : List.of(tiny, large)) {
            assertThat(bv.bias2()).isGreaterThanOrEqualTo(0);
            assertThat(bv.variance()).isGreaterThanOrEqualTo(0);
            assertThat(bv.noise()).isGreaterThan(0.06).isLessThanOrEqualTo(0.09); // the generator's, or the sample's less
            assertThat(bv.noiseSource()).isEqualTo("generator");
            // exact: bias2 is what the mean prediction's error leaves after the noise (BiasVarianceTest recomputes each part)
            assertThat(bv.bias2() + bv.variance() + bv.noise()).isCloseTo(bv.expectedLoss(), within(1e-9));
        }
        assertThat(large.bias2()).isLessThan(tiny.bias2());
        assertThat(large.variance()).isGreaterThan(tiny.variance());
    }

    private static TrainingResult.BiasVariance biasVariance(DataTable data, String hidden, int epochs) {
        return TestData.train("""
                {"dataset": {"builtin": "sine"}, "model": {"hidden": %s, "activation": "tanh"},
                 "optimizer": {"learningRate": 0.01}, "training": {"epochs": %d, "batchSize": 16},
                 "validation": {"validationFraction": 0.1, "testFraction": 0.5},
                 "analysis": {"biasVariance": {"rounds": 6}}}""".formatted(hidden, epochs), data, Task.REGRESSION,
                new ArrayList<>()).result().biasVariance();
    }

    @Test
    void zeroOneDecompositionAddsUpExactly() {
        DataTable moons = TestData.builtin("moons", 300, 0.3, null, 12);
        TrainingResult.BiasVariance bv = TestData.train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [16]}, "training": {"epochs": 8},
                 "analysis": {"biasVariance": {"rounds": 5}}}""", moons, Task.CLASSIFICATION, new ArrayList<>())
                .result().biasVariance();
        assertThat(bv.loss()).isEqualTo("zero_one");
        assertThat(bv.bias2() + bv.netVariance()).isCloseTo(bv.expectedLoss(), within(1e-9));
        assertThat(Map.of("bias", bv.bias2(), "variance", bv.variance())).allSatisfy((k, v) -> assertThat(v).isBetween(0.0, 1.0));
    }
}
