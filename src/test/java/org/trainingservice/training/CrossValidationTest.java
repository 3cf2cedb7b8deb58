package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;

/**
 * k-fold's summary statistics recomputed from the folds, and the refit's epochs; each fold recomputed by training it
 * alone on the other folds' rows with its own seed; the minimum number of rows.
 */
class CrossValidationTest {

    private static final DataTable MOONS = TestData.builtin("moons", 160, 0.3, null, 2);
    private static final DataTable BLOBS = TestData.builtin("blobs", 75, 1.0, 3, 4);
    private static final String SMALL = """
            {"dataset": {"builtin": "blobs"}, "model": {"hidden": [4]}, "training": {"epochs": 2, "batchSize": 8, "seed": 11},
             "validation": {"strategy": "kfold", "folds": 3, "stratify": %s}}""";

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

    @Test
    void eachFoldTrainsOnTheOtherFoldsWithItsOwnSeedAndIsValidatedOnItsOwnRows() {
        JobSpec spec = TestData.spec(SMALL.formatted("true"), Task.CLASSIFICATION);
        // every fifth row is a test row; validation rows of the holdout are non-test rows as well
        SplitIndices holdout = new SplitIndices(IntStream.range(0, 75).filter(r -> r % 5 > 1).toArray(),
                IntStream.range(0, 75).filter(r -> r % 5 == 1).toArray(), IntStream.range(0, 75).filter(r -> r % 5 == 0).toArray());
        int[] nonTest = IntStream.range(0, 75).filter(r -> r % 5 != 0).toArray();
        TrainingResult result = crossValidate(spec, BLOBS, holdout).result();

        List<int[]> folds = Splitter.folds(nonTest, BLOBS.labels(), 3, 11);
        assertPartition(folds, nonTest);
        assertStratified(folds, BLOBS.labels(), nonTest);
        assertThat(result.crossValidation().folds()).extracting(TrainingResult.Fold::fold).containsExactly(1, 2, 3);
        Set<Map<String, Double>> distinct = new HashSet<>();
        for (int f = 0; f < 3; f++) {
            Map<String, Double> alone = fitFold(spec, BLOBS, folds, f, 11 + f + 1).validation();
            assertThat(result.crossValidation().folds().get(f).metrics()).as("fold %d", f + 1).isEqualTo(alone);
            distinct.add(alone);
        }
        assertThat(distinct).as("three folds, three models").hasSize(3);
        // the seeds matter: fold 2 with the refit's seed (or fold 1's) is another model
        assertThat(fitFold(spec, BLOBS, folds, 1, 11).validation()).isNotEqualTo(result.crossValidation().folds().get(1).metrics());
        assertThat(fitFold(spec, BLOBS, folds, 1, 12).validation()).isNotEqualTo(result.crossValidation().folds().get(1).metrics());

        // the test metrics are the refit's on the test rows: trained on all non-test rows with the job's seed
        try (NDManager manager = NDManager.newBaseManager()) {
            JobContext ctx = new JobContext(spec, BLOBS, TestData.QUIET, manager, 4, "cpu", null);
            Preparation prep = Preparation.of(BLOBS, new SplitIndices(nonTest, new int[0], holdout.test()));
            Evaluator evaluator = ctx.evaluator(prep.preprocessing());
            float[] test = ctx.fit(Specs.fixedEpochs(spec, 2), evaluator, prep.train(), null, 11,
                    new SubRun(null, null, null, 3, 4, "refit"), Map.of("test", prep.test())).outputs().get("test");
            assertThat(result.metrics().get("test")).isEqualTo(evaluator.metrics(test, prep.test()));
        }
    }

    @Test
    void withoutStratificationTheFoldsAreDealtFromOneShuffleAndWithoutTestRowsThereAreNoTestMetrics() {
        JobSpec spec = TestData.spec(SMALL.formatted("false"), Task.CLASSIFICATION);
        int[] all = IntStream.range(0, 75).toArray();
        TrainingResult result = crossValidate(spec, BLOBS, new SplitIndices(all, new int[0], new int[0])).result();
        List<int[]> unstratified = Splitter.folds(all, null, 3, 11);
        List<int[]> stratified = Splitter.folds(all, BLOBS.labels(), 3, 11);
        assertPartition(unstratified, all);
        assertThat(unstratified.get(0)).as("the two ways deal other folds").isNotEqualTo(stratified.get(0));
        for (int f = 0; f < 3; f++) {
            assertThat(result.crossValidation().folds().get(f).metrics()).as("fold %d", f + 1)
                    .isEqualTo(fitFold(spec, BLOBS, unstratified, f, 11 + f + 1).validation());
        }
        assertThat(result.metrics()).containsOnlyKeys("train", "validation");
    }

    @Test
    void threeFoldsNeedSixNonTestRows() {
        JobSpec spec = TestData.spec(SMALL.formatted("true"), Task.CLASSIFICATION);
        // six rows, two of them the holdout's validation rows: just enough
        TrainingOutcome six = crossValidate(spec, BLOBS, new SplitIndices(new int[]{0, 1, 2, 3}, new int[]{4, 5},
                IntStream.range(6, 75).toArray()));
        assertThat(six.result().crossValidation().folds()).hasSize(3)
                .allSatisfy(f -> assertThat(f.metrics()).containsKey("accuracy"));
        assertThatThrownBy(() -> crossValidate(spec, BLOBS, new SplitIndices(new int[]{0, 1, 2, 3}, new int[]{4},
                IntStream.range(5, 75).toArray())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("3-fold cross-validation needs at least 6 non-test rows, the dataset has 5; use fewer folds or more rows");
    }

    private static TrainingOutcome crossValidate(JobSpec spec, DataTable data, SplitIndices holdout) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return CrossValidation.run(new JobContext(spec, data, TestData.QUIET, manager, 4, "cpu", null), holdout);
        }
    }

    /** Fold {@code f} trained alone: on the other folds' rows (in fold order), validated on its own. */
    private static JobContext.Fitted fitFold(JobSpec spec, DataTable data, List<int[]> folds, int f, long seed) {
        int[] train = IntStream.range(0, folds.size()).filter(i -> i != f).flatMap(i -> Arrays.stream(folds.get(i))).toArray();
        try (NDManager manager = NDManager.newBaseManager()) {
            JobContext ctx = new JobContext(spec, data, TestData.QUIET, manager, folds.size() + 1, "cpu", null);
            Preparation prep = Preparation.of(data, new SplitIndices(train, folds.get(f), new int[0]));
            return ctx.fit(spec, ctx.evaluator(prep.preprocessing()), prep.train(), prep.validation(), seed,
                    SubRun.fold(f + 1, folds.size(), folds.size() + 1), Map.of());
        }
    }

    /** The folds are disjoint and together hold exactly {@code rows}, in sizes at most one apart. */
    private static void assertPartition(List<int[]> folds, int[] rows) {
        assertThat(folds.stream().flatMapToInt(Arrays::stream).sorted().toArray()).isEqualTo(rows);
        int smallest = folds.stream().mapToInt(f -> f.length).min().orElseThrow();
        assertThat(folds).allSatisfy(f -> assertThat(f.length).isBetween(smallest, smallest + 1));
    }

    /** Each fold holds each class in the whole's proportion, within one row. */
    private static void assertStratified(List<int[]> folds, int[] labels, int[] rows) {
        for (int c = 0; c < 3; c++) {
            int label = c;
            double share = Arrays.stream(rows).filter(r -> labels[r] == label).count() / (double) rows.length;
            for (int[] fold : folds) {
                long inFold = Arrays.stream(fold).filter(r -> labels[r] == label).count();
                assertThat((double) inFold).isCloseTo(share * fold.length, within(1.0));
            }
        }
    }
}
