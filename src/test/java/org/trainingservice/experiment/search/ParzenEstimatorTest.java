package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParzenEstimatorTest {

    @Test
    void bandwidthIsTheLargerGapToANeighbourAndTheOutermostTakeTheirInnerGap() {
        // sorted: 0.2 0.5 0.9
        assertThat(NumericParzen.bandwidths(new double[] {0.9, 0.2, 0.5}))
                .containsExactly(new double[] {0.4, 0.3, 0.4}, within(1e-12));
        // 0.1 0.3 0.5 0.6: inner ones max(0.2, 0.2), max(0.2, 0.1); the last takes its inner gap 0.1
        assertThat(NumericParzen.bandwidths(new double[] {0.6, 0.1, 0.5, 0.3}))
                .containsExactly(new double[] {0.1, 0.2, 0.2, 0.2}, within(1e-12));
        assertThat(NumericParzen.bandwidths(new double[] {0.5, 0.2})).containsExactly(new double[] {0.3, 0.3},
                within(1e-12));
        assertThat(NumericParzen.bandwidths(new double[] {0.1, 0.2, 0.7, 0.75, 0.9}))
                .containsExactly(new double[] {0.1, 0.5, 0.5, 0.15, 0.15}, within(1e-12));
    }

    @Test
    void withoutObservationsTheDensityIsThePriorTruncatedToTheRange() {
        NumericParzen prior = new NumericParzen(new double[0], new double[0], 0, 1, false);
        // N(0.5, 1) truncated to [0, 1]: φ(0) / (Φ(0.5) − Φ(−0.5)) = 0.3989423 / 0.3829249
        assertThat(Math.exp(prior.logDensity(0.5))).isCloseTo(0.3989423 / 0.3829249, within(1e-6));
        assertThat(Math.exp(prior.logDensity(0.0))).isCloseTo(0.3520653 / 0.3829249, within(1e-6));
    }

    @Test
    void oneObservationHasAKernelClippedToAThirdOfTheRangeBesideThePrior() {
        NumericParzen one = new NumericParzen(new double[] {0.2}, new double[] {1}, 0, 1, false);
        // gaps 0.3 (to the prior at 0.5) clipped up to 1/min(100, 3); weights 1/2 each
        double sigma = 1.0 / 3;
        double kernel = Math.exp(-0.5 * Math.pow((0.7 - 0.2) / sigma, 2)) / (sigma * Math.sqrt(2 * Math.PI))
                / (0.9918025 - 0.2742531);   // Φ(2.4) − Φ(−0.6)
        double prior = Math.exp(-0.5 * 0.2 * 0.2) / Math.sqrt(2 * Math.PI) / 0.3829249;
        assertThat(Math.exp(one.logDensity(0.7))).isCloseTo(0.5 * kernel + 0.5 * prior, within(1e-5));
    }

    @Test
    void aDiscretePriorGivesEachIntegerItsBinOfTheNormalOverTheWidenedRange() {
        NumericParzen prior = new NumericParzen(new double[0], new double[0], 1, 4, true);
        // N(2.5, 4) over [0.5, 4.5]: the bin of 1 is [0.5, 1.5], Φ(−0.25) − Φ(−0.5) = 0.4012937 − 0.3085375
        assertThat(Math.exp(prior.logDensity(1))).isCloseTo((0.4012937 - 0.3085375) / 0.3829249, within(1e-6));
        assertThat(Math.exp(prior.logDensity(2))).isCloseTo((0.5 - 0.4012937) / 0.3829249, within(1e-6));
    }

    @Test
    void samplesFollowTheMixtureOfAllKernels() {
        NumericParzen mixture = new NumericParzen(new double[] {1, 9}, new double[] {1, 1}, 0, 10, false);
        SplittableRandom random = new SplittableRandom(11);
        int[] counts = new int[10];
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            counts[(int) Math.min(9, mixture.sample(random))]++;
        }
        for (int bin = 0; bin < 10; bin++) {
            double expected = 0;
            for (int j = 0; j < 100; j++) {
                expected += Math.exp(mixture.logDensity(bin + (j + 0.5) / 100)) / 100;
            }
            assertThat(counts[bin] / (double) n).as("bin " + bin).isCloseTo(expected, within(0.01));
        }
    }

    @Test
    void logSumExpOfNothingLikelyIsMinusInfinity() {
        assertThat(NumericParzen.logSumExp(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}))
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(NumericParzen.logSumExp(new double[] {Math.log(0.25), Math.log(0.5)}))
                .isCloseTo(Math.log(0.75), within(1e-15));
        assertThat(NumericParzen.logSumExp(new double[] {-1000, -1000})).isCloseTo(-1000 + Math.log(2), within(1e-12));
    }

    @Test
    void continuousDensitiesIntegrateToOneAndDiscreteMassesSumToOne() {
        NumericParzen continuous = new NumericParzen(new double[] {-1.5, 0.2, 0.25, 1.9}, new double[] {1, 1, 2, 1},
                -2, 2, false);
        int steps = 20_000;
        double h = 4.0 / steps;
        double integral = 0;
        for (int i = 0; i < steps; i++) {
            integral += Math.exp(continuous.logDensity(-2 + (i + 0.5) * h)) * h;
        }
        assertThat(integral).isCloseTo(1.0, within(1e-6));
        NumericParzen discrete = new NumericParzen(new double[] {1, 3, 3, 8}, new double[] {1, 1, 1, 1}, 1, 8, true);
        double total = 0;
        for (int k = 1; k <= 8; k++) {
            total += Math.exp(discrete.logDensity(k));
        }
        assertThat(total).isCloseTo(1.0, within(1e-6));
        assertThat(discrete.logDensity(3)).isGreaterThan(discrete.logDensity(6));
    }

    @Test
    void samplesStayInRangeFollowTheObservationsAndAreIntegersWhenDiscrete() {
        double[] near = new double[30];
        java.util.Arrays.fill(near, 0.3);
        NumericParzen peaked = new NumericParzen(near, TpeSearcher.weights(30), 0, 10, false);
        SplittableRandom random = new SplittableRandom(5);
        int close = 0;
        for (int i = 0; i < 2000; i++) {
            double x = peaked.sample(random);
            assertThat(x).isBetween(0.0, 10.0);
            close += Math.abs(x - 0.3) < 1.0 ? 1 : 0;
        }
        // 30 kernels of width 10/32 at 0.3 carry about 27/28 of the weight (the ramp lowers the oldest five)
        assertThat(close / 2000.0).isGreaterThan(0.85);
        NumericParzen discrete = new NumericParzen(new double[] {2, 2}, new double[] {1, 1}, 1, 4, true);
        int[] counts = new int[6];
        for (int i = 0; i < 4000; i++) {
            double k = discrete.sample(random);
            assertThat(k).isEqualTo(Math.rint(k)).isBetween(1.0, 4.0);
            counts[(int) k]++;
        }
        for (int k = 1; k <= 4; k++) {
            assertThat(counts[k] / 4000.0).isCloseTo(Math.exp(discrete.logDensity(k)), within(0.03));
        }
    }

    @Test
    void normalTailsAndMassesAreAccurate() {
        assertThat(Gaussian.cdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Gaussian.cdf(1.96)).isCloseTo(0.9750021, within(1e-6));
        assertThat(Gaussian.cdf(-1)).isCloseTo(0.1586553, within(1e-6));
        assertThat(Gaussian.logCdf(0)).isCloseTo(Math.log(0.5), within(1e-7));
        assertThat(Gaussian.logCdf(2)).isCloseTo(Math.log(0.9772499), within(1e-6));
        // log Φ(−40) = log φ(40) − log 40 + log(1 − 1/40² + 3/40⁴) = −804.60844; a plain CDF gives −∞
        assertThat(Gaussian.logCdf(-40)).isCloseTo(-804.60844, within(1e-4));
        assertThat(Gaussian.logMass(-1, 1)).isCloseTo(Math.log(0.6826895), within(1e-6));
        assertThat(Gaussian.logMass(5, 6)).isCloseTo(Math.log(2.8665157e-7 - 9.8658765e-10), within(1e-5));
        assertThat(Gaussian.logMass(-6, -5)).isCloseTo(Gaussian.logMass(5, 6), within(1e-12));
        assertThat(Gaussian.logMass(0, 1e-6)).isCloseTo(Math.log(0.3989423e-6), within(1e-6));
        // narrow and away from 0: φ(2.000005) · 1e-5, and log φ(2 + d) = log φ(2) − 2d − d²/2
        assertThat(Gaussian.logMass(2, 2 + 1e-5)).isCloseTo(Math.log(0.05399097e-5) - 1e-5, within(1e-6));
        assertThat(Gaussian.logMass(-6, -5)).isCloseTo(Math.log(2.8665157e-7 - 9.8658765e-10), within(1e-5));
        assertThat(Gaussian.logMass(-3, -1)).isCloseTo(Math.log(0.1586553 - 0.0013499), within(1e-5));
        assertThat(Gaussian.logMass(40, 41)).isCloseTo(-804.60844, within(1e-3));
        assertThat(Gaussian.logMass(0.5, 2.5)).isCloseTo(Math.log(0.9937903 - 0.6914625), within(1e-6));
    }

    @Test
    void categoricalProbabilitiesSmoothEachObservationAndMixInAUniformPrior() {
        // 3 observations + prior = 4 kernels, smoothing 1/4: an observed row is (1.25, .25, .25) / 1.75
        CategoricalParzen c = new CategoricalParzen(new int[] {0, 0, 2}, new double[] {1, 1, 1}, 3);
        assertThat(c.probability(0)).isCloseTo((2 * 1.25 / 1.75 + 0.25 / 1.75 + 1.0 / 3) / 4, within(1e-12));
        assertThat(c.probability(1)).isCloseTo((3 * 0.25 / 1.75 + 1.0 / 3) / 4, within(1e-12));
        assertThat(c.probability(2)).isCloseTo((2 * 0.25 / 1.75 + 1.25 / 1.75 + 1.0 / 3) / 4, within(1e-12));
        CategoricalParzen weighted = new CategoricalParzen(new int[] {0, 1}, new double[] {3, 1}, 2);
        // smoothing 1/3, rows (4/3, 1/3)/(5/3); mixture weights 3/5, 1/5 and 1/5 for the prior
        assertThat(weighted.probability(0)).isCloseTo(0.6 * 0.8 + 0.2 * 0.2 + 0.2 * 0.5, within(1e-12));
        CategoricalParzen empty = new CategoricalParzen(new int[0], new double[0], 4);
        assertThat(empty.probability(3)).isEqualTo(0.25);
        SplittableRandom random = new SplittableRandom(2);
        int[] counts = new int[3];
        for (int i = 0; i < 6000; i++) {
            counts[c.sample(random)]++;
        }
        for (int k = 0; k < 3; k++) {
            assertThat(counts[k] / 6000.0).isCloseTo(c.probability(k), within(0.02));
        }
    }

    @Test
    void jsonValuesMatchAcrossJavaTypes() {
        assertThat(JsonValues.same(32, 32L)).isTrue();
        assertThat(JsonValues.same(32, 32.0)).isTrue();
        assertThat(JsonValues.same(32, 33)).isFalse();
        assertThat(JsonValues.same(java.util.List.of(64, 64), new java.util.ArrayList<>(java.util.List.of(64L, 64L))))
                .isTrue();
        assertThat(JsonValues.same(java.util.List.of(64, 64), java.util.List.of(64))).isFalse();
        assertThat(JsonValues.same(java.util.List.of(64, 32), java.util.List.of(64, 64))).isFalse();
        assertThat(JsonValues.same(java.util.Map.of("a", 1), java.util.Map.of("a", 1.0))).isTrue();
        assertThat(JsonValues.same(java.util.Map.of("a", 1), java.util.Map.of("b", 1))).isFalse();
        assertThat(JsonValues.same(java.util.Map.of("a", 1), java.util.Map.of("a", 2))).isFalse();
        assertThat(JsonValues.same(java.util.Map.of("a", 1), java.util.Map.of("a", 1, "b", 2))).isFalse();
        assertThat(JsonValues.same(null, null)).isTrue();
        assertThat(JsonValues.same(null, "x")).isFalse();
        assertThat(JsonValues.same("x", "x")).isTrue();
        assertThat(JsonValues.same(true, "true")).isFalse();
        assertThat(JsonValues.indexOf(java.util.List.of("a", 2, java.util.List.of(1)), java.util.List.of(1L)))
                .isEqualTo(2);
        assertThat(JsonValues.indexOf(java.util.List.of("a", 2), 3)).isEqualTo(-1);
    }
}
