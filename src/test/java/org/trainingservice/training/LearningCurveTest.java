package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.Task;

/** The learning curve over training-set size: its sub-runs, its points and its verdict. */
class LearningCurveTest {

    private static LearningCurve.Point point(int rows, double train, double validation) {
        return point(rows, 600, "accuracy", train, validation);
    }

    /** A point at {@code rows} of {@code allRows} training rows, {@code metric} on training and validation data. */
    private static LearningCurve.Point point(int rows, int allRows, String metric, double train, double validation) {
        return new LearningCurve.Point((double) rows / allRows, rows, Map.of(metric, train), Map.of(metric, validation),
                Map.of(metric, 0.0), Map.of(metric, 0.0));
    }

    @Test
    void theVerdictReadsTheSlopeOfTheLastThreeSharesAndTheGapAtTheLargest() {
        // 0.70, 0.80, 0.88 at 150, 300, 600 rows: slope (0.88 - 0.70) / 2 = 0.09 per doubling
        LearningCurve rising = LearningCurveAnalysis.read(List.of(point(60, 1.0, 0.6), point(150, 1.0, 0.70),
                point(300, 0.98, 0.80), point(600, 0.97, 0.88)), 1, "accuracy");
        assertThat(rising.verdict()).isEqualTo(LearningCurve.Verdict.MORE_DATA);
        assertThat(rising.verdictDetail()).contains("150, 300, 600 rows", "0.700, 0.800, 0.880", "+0.090 per doubling");
        // one noisy last step up does not make a trend: 0.855, 0.840, 0.855 has slope 0
        LearningCurve noisy = LearningCurveAnalysis.read(List.of(point(150, 0.87, 0.855), point(300, 0.88, 0.84),
                point(600, 0.87, 0.855)), 1, "accuracy");
        assertThat(noisy.verdict()).isEqualTo(LearningCurve.Verdict.MORE_CAPACITY);
        assertThat(noisy.verdictDetail()).contains("+0.000 per doubling", "gap 0.015", "more capacity");
        // levelled off with a gap of 0.10 left: neither
        LearningCurve gap = LearningCurveAnalysis.read(List.of(point(150, 1.0, 0.89), point(300, 1.0, 0.90),
                point(600, 1.0, 0.90)), 1, "accuracy");
        assertThat(gap.verdict()).isEqualTo(LearningCurve.Verdict.NEITHER);
        assertThat(gap.verdictDetail()).contains("0.100 below training accuracy 1.000");
        assertThat(LearningCurveAnalysis.read(List.of(point(600, 1.0, 0.9)), 1, "accuracy").verdict())
                .isEqualTo(LearningCurve.Verdict.NEITHER);
    }

    /**
     * An R² point at 128, 256 or 512 rows: log2 of those is exact, and R² near 0 (a model barely above the mean) is
     * where a difference of two doubles can be 0.01 or 0.03 exactly, so that each threshold is met, not missed by an ulp.
     */
    private static LearningCurve.Point r2(int rows, double train, double validation) {
        return point(rows, 512, "r2", train, validation);
    }

    @Test
    void aSlopeOfExactlyOnePointPerDoublingStillCallsForMoreData() {
        LearningCurve rising = LearningCurveAnalysis.read(List.of(r2(128, 0.5, 0.0), r2(256, 0.5, 0.01),
                r2(512, 0.5, 0.02)), 1, "r2");
        assertThat(rising.verdict()).isEqualTo(LearningCurve.Verdict.MORE_DATA);
        assertThat(rising.verdictDetail()).isEqualTo("validation r2 at the last 3 shares (128, 256, 512 rows): 0.000, "
                + "0.010, 0.020, a slope of +0.010 per doubling of the rows: it is still rising, so more data would "
                + "still help");
        assertThat(LearningCurveAnalysis.read(List.of(r2(128, 0.5, 0.0), r2(256, 0.5, 0.01), r2(512, 0.5, 0.019)), 1,
                "r2").verdict()).isEqualTo(LearningCurve.Verdict.NEITHER);
    }

    @Test
    void twoSharesAreATrend() {
        LearningCurve two = LearningCurveAnalysis.read(List.of(r2(256, 0.5, 0.0), r2(512, 0.5, 0.01)), 1, "r2");
        assertThat(two.verdict()).isEqualTo(LearningCurve.Verdict.MORE_DATA);
        assertThat(two.verdictDetail()).startsWith("validation r2 at the last 2 shares (256, 512 rows): 0.000, 0.010");
    }

    @Test
    void curvesThreePointsApartHaveMet() {
        LearningCurve met = LearningCurveAnalysis.read(List.of(r2(128, 0.2, 0.12), r2(256, 0.17, 0.12),
                r2(512, 0.15, 0.12)), 2, "r2");
        assertThat(met.verdict()).isEqualTo(LearningCurve.Verdict.MORE_CAPACITY);
        assertThat(met.repeats()).isEqualTo(2);
        assertThat(met.verdictDetail()).isEqualTo("validation r2 at the last 3 shares (128, 256, 512 rows): 0.120, "
                + "0.120, 0.120, a slope of +0.000 per doubling of the rows and training r2 0.150 has met it (gap "
                + "0.030): more data will not help; more capacity (wider or deeper layers, longer training) or better "
                + "features may");
        LearningCurve apart = LearningCurveAnalysis.read(List.of(r2(128, 0.2, 0.12), r2(256, 0.17, 0.12),
                r2(512, 0.151, 0.12)), 2, "r2");
        assertThat(apart.verdict()).isEqualTo(LearningCurve.Verdict.NEITHER);
        assertThat(apart.verdictDetail()).endsWith(", levelling off 0.031 below training r2 0.151: more rows of the "
                + "same kind help little; regularization may close the gap");
    }

    @Test
    void aSlopeUnderHalfAThousandthIsWrittenAsZeroWithoutASign() {
        // 0.0005 itself rounds to +0.001; below it, "-0.000" would read as a falling curve
        assertThat(LearningCurveAnalysis.read(List.of(r2(128, 0.5, 0.0), r2(256, 0.5, 0.0005), r2(512, 0.5, 0.001)),
                1, "r2").verdictDetail()).contains("a slope of +0.001 per doubling");
        assertThat(LearningCurveAnalysis.read(List.of(r2(128, 0.5, 0.0008), r2(256, 0.5, 0.0), r2(512, 0.5, 0.0)),
                1, "r2").verdictDetail()).contains("a slope of +0.000 per doubling");
    }

    @Test
    void aShareOfTwoRowsStillHoldsOneOfEachClass() {
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i % 2;
        }
        for (long seed = 1; seed <= 20; seed++) {
            int[] two = LearningCurveAnalysis.share(100, labels, 0.02, seed);
            assertThat(two).hasSize(2);
            assertThat(labels[two[0]] + labels[two[1]]).as("seed %d", seed).isEqualTo(1);
        }
    }

    @Test
    void sharesAreStratifiedAndNeverEmpty() {
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 80 ? 0 : 1;
        }
        int[] quarter = LearningCurveAnalysis.share(100, labels, 0.25, 3);
        // in row order, so that a share's rows keep the order of the split they come from
        assertThat(quarter).hasSize(25).isSorted();
        assertThat(Arrays.stream(quarter).filter(i -> labels[i] == 1).count()).isEqualTo(5);
        assertThat(LearningCurveAnalysis.share(10, null, 0.01, 3)).hasSize(2);
    }

    @Test
    void smallNoisyMoonsStillGainFromMoreRowsAndTheFullShareIsTheJobsOwnModel() {
        List<EpochReport> reports = new ArrayList<>();
        TrainingResult result = TestData.train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [64, 64]},
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 30, "batchSize": 16, "seed": 42},
                 "analysis": {"learningCurve": {"fractions": [0.1, 0.25, 0.5, 1.0]}}}""",
                TestData.builtin("moons", 200, 0.3, null, 42), Task.CLASSIFICATION, reports).result();
        LearningCurve curve = result.learningCurve();
        assertThat(curve.points()).extracting(LearningCurve.Point::fraction).containsExactly(0.1, 0.25, 0.5, 1.0);
        // 120 training rows, 60 per class: 10% is 6 of each
        assertThat(curve.points()).extracting(LearningCurve.Point::trainRows).containsExactly(12, 30, 60, 120);
        List<Double> validation = curve.points().stream().map(p -> p.validation().get("accuracy")).toList();
        assertThat(validation).isSorted();
        assertThat(validation.get(3) - validation.get(0)).isGreaterThan(0.1);
        assertThat(curve.verdict()).isEqualTo(LearningCurve.Verdict.MORE_DATA);
        // the full share trains exactly what the job trained: same rows, same seed
        assertThat(curve.points().get(3).validation()).isEqualTo(result.metrics().get("validation"));
        assertThat(curve.points().get(3).train()).isEqualTo(result.metrics().get("train"));

        // sub-runs report their share, in order, after the job's own 30 epochs; progress ends at 1
        List<Double> shares = reports.stream().map(EpochReport::curveFraction).filter(Objects::nonNull).distinct().toList();
        assertThat(shares).containsExactly(0.1, 0.25, 0.5, 1.0);
        assertThat(reports.subList(0, 30)).allSatisfy(r -> assertThat(r.curveFraction()).isNull());
        assertThat(reports).hasSize(30 * 5);
        assertThat(reports.get(30).label()).isEqualTo("learning curve 10% (12 rows), repeat 1/1");
        assertThat(reports.get(reports.size() - 1).fraction()).isCloseTo(1.0, within(1e-9));
        // the main run's findings read the main run only, never a sub-run's curve
        assertThat(result.bestEpoch()).isLessThanOrEqualTo(30);
    }

    @Test
    void aLinearModelOnMoonsHasConvergedWithTheDataAndNeedsCapacity() {
        TrainingResult result = TestData.train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": []},
                 "optimizer": {"type": "adam", "learningRate": 0.05}, "training": {"epochs": 30, "seed": 42},
                 "analysis": {"learningCurve": {"fractions": [0.25, 0.5, 1.0]}}}""",
                TestData.builtin("moons", 1000, 0.2, null, 42), Task.CLASSIFICATION, new ArrayList<>()).result();
        LearningCurve curve = result.learningCurve();
        List<Double> validation = curve.points().stream().map(p -> p.validation().get("accuracy")).toList();
        assertThat(validation).isSorted();
        LearningCurve.Point last = curve.points().get(2);
        assertThat(Math.abs(last.train().get("accuracy") - last.validation().get("accuracy")))
                .isLessThanOrEqualTo(LearningCurveAnalysis.CURVES_MEET);
        assertThat(LearningCurveAnalysis.slope(curve.points(), "accuracy"))
                .isLessThan(LearningCurveAnalysis.STILL_RISING_PER_DOUBLING);
        assertThat(curve.verdict()).isEqualTo(LearningCurve.Verdict.MORE_CAPACITY);
        // and the job's own reading agrees: a linear boundary underfits moons
        assertThat(result.diagnosis()).isEqualTo("underfitting");
    }

    @Test
    void repeatsDrawTheirOwnRowsAndSeedsAndThePointsCarryTheirMeanAndSpread() {
        List<EpochReport> reports = new ArrayList<>();
        TrainingResult result = TestData.train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [8]}, "training": {"epochs": 2, "seed": 5},
                 "analysis": {"learningCurve": {"fractions": [0.5, 1.0], "repeats": 2}}}""",
                TestData.builtin("moons", 300, 0.3, null, 5), Task.CLASSIFICATION, reports).result();
        // no early stopping: each sub-run's final validation accuracy is its last epoch's
        List<Double> halfShare = reports.stream().filter(r -> Objects.equals(r.curveFraction(), 0.5) && r.epoch() == 2)
                .map(r -> r.metrics().get("val_accuracy")).toList();
        assertThat(halfShare).hasSize(2);
        LearningCurve.Point half = result.learningCurve().points().get(0);
        double mean = (halfShare.get(0) + halfShare.get(1)) / 2;
        double std = Math.abs(halfShare.get(0) - halfShare.get(1)) / Math.sqrt(2);
        assertThat(half.validation().get("accuracy")).isCloseTo(mean, within(1e-12));
        assertThat(half.validationStd().get("accuracy")).isCloseTo(std, within(1e-12));
        assertThat(reports.stream().map(EpochReport::label).filter(l -> l != null && l.startsWith("learning curve"))
                .distinct()).containsExactly("learning curve 50% (90 rows), repeat 1/2",
                "learning curve 50% (90 rows), repeat 2/2", "learning curve 100% (180 rows), repeat 1/2",
                "learning curve 100% (180 rows), repeat 2/2");
    }

    @Test
    void aCancelDuringTheCurveStopsTheJob() {
        List<EpochReport> seen = new ArrayList<>();
        TrainingObserver cancelOnFirstCurveEpoch = new TrainingObserver() {
            @Override
            public void onEpoch(EpochReport report) {
                seen.add(report);
            }

            @Override
            public boolean shouldStop() {
                return seen.stream().anyMatch(r -> r.curveFraction() != null);
            }
        };
        assertThatThrownBy(() -> new TrainingEngine().run(TestData.spec("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [8]}, "training": {"epochs": 3},
                 "analysis": {"learningCurve": {"fractions": [0.5, 1.0]}}}""", Task.CLASSIFICATION),
                TestData.builtin("moons", 300, 0.3, null, 5), cancelOnFirstCurveEpoch))
                .isInstanceOf(TrainingCancelledException.class);
        assertThat(seen.stream().filter(r -> r.curveFraction() != null)).hasSize(1);
    }
}
