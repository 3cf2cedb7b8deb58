package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.AugmentationSpec;
import org.trainingservice.training.spec.RegularizationSpec;

/** What each batch transform does to a batch, measured exactly where it is exact and statistically where it is random. */
class BatchTransformsTest {

    private static BatchTransforms transforms(Double noise, Double smoothing, Double mixup, AugmentationSpec augmentation,
                                              int[] imageShape, long seed) {
        return new BatchTransforms(new RegularizationSpec(null, null, noise, smoothing, mixup, augmentation, null).withDefaults(),
                imageShape, seed);
    }

    private static AugmentationSpec augmentation(Boolean flip, Integer shift, Double rotation, Double jitter) {
        return new AugmentationSpec(flip, shift, rotation, jitter);
    }

    @Test
    void mixupBlendsEachRowWithOnePartnerByOneSharedLambdaInInputsAndTargetsAlike() {
        int rows = 8;
        float[] x = new float[rows * rows];
        float[] t = new float[rows * 3];
        for (int r = 0; r < rows; r++) {
            x[r * rows + r] = 1; // row r is the r-th unit vector: the blend shows its partner and lambda
            for (int k = 0; k < 3; k++) {
                t[r * 3 + k] = r * 10 + k;
            }
        }
        float[] t0 = t.clone();
        transforms(null, null, 0.4, null, new int[0], 3).apply(x, t, rows, rows, 3, false);
        int[] partner = new int[rows];
        Float lambda = null;
        Set<Integer> partners = new HashSet<>();
        for (int r = 0; r < rows; r++) {
            partner[r] = r;
            for (int c = 0; c < rows; c++) {
                if (c != r && x[r * rows + c] != 0) {
                    partner[r] = c;
                }
            }
            partners.add(partner[r]);
            if (partner[r] != r) {
                float own = x[r * rows + r];
                lambda = lambda == null ? own : lambda;
                assertThat(own).as("row %d's lambda", r).isEqualTo(lambda);
                assertThat(x[r * rows + partner[r]]).isEqualTo(1 - lambda);
            }
        }
        assertThat(lambda).isNotNull();
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < 3; k++) {
                float expected = lambda * t0[r * 3 + k] + (1 - lambda) * t0[partner[r] * 3 + k];
                assertThat(t[r * 3 + k]).as("row %d target %d", r, k).isEqualTo(expected);
            }
        }
        assertThat(lambda).isNotNull().isStrictlyBetween(0f, 1f);
        assertThat(partners).as("partners are a permutation of the rows").hasSize(rows);
    }

    @Test
    void mixupLambdaFollowsItsBetaDistribution() {
        // Beta(a, a) has mean 1/2 and variance 1 / (4 (2a + 1)): for a = 0.4, 0.1389; for a = 4, 0.0278
        for (double alpha : new double[]{0.4, 4}) {
            double sum = 0;
            double squares = 0;
            int draws = 3000;
            for (int seed = 0; seed < 3000; seed++) {
                float[] x = {1, 0, 0, 1};
                float[] t = {0, 0};
                transforms(null, null, alpha, null, new int[0], seed).apply(x, t, 2, 2, 1, false);
                if (x[0] == 1f && x[1] == 0f) {
                    draws--; // the partner was the row itself: lambda does not show in this batch
                    continue;
                }
                double lambda = x[0];
                sum += lambda;
                squares += lambda * lambda;
            }
            double mean = sum / draws;
            double variance = squares / draws - mean * mean;
            assertThat(mean).as("alpha %s", alpha).isCloseTo(0.5, within(0.03));
            assertThat(variance).as("alpha %s", alpha).isCloseTo(1 / (4 * (2 * alpha + 1)), within(0.015));
        }
    }

    @Test
    void labelSmoothingSoftensClassTargetsButNeverRegressionTargets() {
        float[] classes = {0, 1, 0, 0, 0, 2};
        transforms(null, 0.3, null, null, new int[0], 1).apply(new float[2], classes, 2, 1, 3, true);
        assertThat(classes).containsExactly(0.1f, 0.7f + 0.1f, 0.1f, 0.1f, 0.1f, 2 * 0.7f + 0.1f);
        float[] values = {0.5f, -2f};
        transforms(null, 0.3, null, null, new int[0], 1).apply(new float[2], values, 2, 1, 1, false);
        assertThat(values).containsExactly(0.5f, -2f);
    }

    @Test
    void inputNoiseAndJitterAddGaussianNoiseOfTheirCombinedStandardDeviation() {
        assertNoise(transforms(0.4, null, null, null, new int[0], 7), 0.4);
        assertNoise(transforms(null, null, null, augmentation(null, null, null, 0.25), new int[0], 7), 0.25);
        assertNoise(transforms(0.4, null, null, augmentation(null, null, null, 0.25), new int[0], 7), 0.65);
    }

    private static void assertNoise(BatchTransforms transforms, double sigma) {
        int rows = 4000;
        int cols = 3;
        float[] x = new float[rows * cols];
        float[] t = new float[rows];
        for (int r = 0; r < rows; r++) {
            t[r] = r;
        }
        transforms.apply(x, t, rows, cols, 1, false);
        double sum = 0;
        double squares = 0;
        double fourth = 0;
        for (float v : x) {
            sum += v;
            squares += v * v;
            fourth += Math.pow(v, 4);
        }
        int n = x.length;
        double variance = squares / n - Math.pow(sum / n, 2);
        assertThat(sum / n).isCloseTo(0, within(0.05 * sigma));
        assertThat(Math.sqrt(variance)).isCloseTo(sigma, within(0.03 * sigma));
        // Gaussian, not uniform: the fourth moment is 3 sigma^4 (a uniform's is 1.8 sigma^4)
        assertThat(fourth / n / Math.pow(variance, 2)).isCloseTo(3, within(0.3));
        for (int r = 0; r < rows; r++) {
            assertThat(t[r]).isEqualTo(r);
        }
    }

    @Test
    void theSameSeedDrawsTheSameBatchAndAnotherSeedAnother() {
        float[] a = new float[40];
        float[] b = new float[40];
        float[] c = new float[40];
        transforms(0.5, null, 0.3, null, new int[0], 11).apply(a, new float[20], 20, 2, 1, false);
        transforms(0.5, null, 0.3, null, new int[0], 11).apply(b, new float[20], 20, 2, 1, false);
        transforms(0.5, null, 0.3, null, new int[0], 12).apply(c, new float[20], 20, 2, 1, false);
        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void imageShiftsMoveEachImageByAtMostTheShiftInEachDirection() {
        int size = 7;
        int rows = 300;
        float[] x = images(rows, 1, size);
        float[] original = x.clone();
        transforms(null, null, null, augmentation(false, 2, null, null), new int[]{1, size, size}, 5)
                .apply(x, new float[rows], rows, size * size, 1, false);
        Set<String> seen = new HashSet<>();
        for (int r = 0; r < rows; r++) {
            String shift = null;
            for (int dy = -3; dy <= 3 && shift == null; dy++) {
                for (int dx = -3; dx <= 3 && shift == null; dx++) {
                    if (matches(shifted(original, r, size, dx, dy, false), x, r, size * size)) {
                        shift = dx + "," + dy;
                    }
                }
            }
            assertThat(shift).as("image %d is a shift of its original", r).isNotNull();
            seen.add(shift);
        }
        // every shift of at most 2 pixels each way occurs (25 of them), none larger
        assertThat(seen).hasSize(25).allSatisfy(s -> {
            String[] parts = s.split(",");
            assertThat(Math.abs(Integer.parseInt(parts[0]))).isLessThanOrEqualTo(2);
            assertThat(Math.abs(Integer.parseInt(parts[1]))).isLessThanOrEqualTo(2);
        });
    }

    @Test
    void flipsMirrorAboutHalfTheImagesAndTreatEveryChannelAlike() {
        int size = 5;
        int rows = 200;
        float[] x = images(rows, 2, size);
        float[] original = x.clone();
        transforms(null, null, null, augmentation(true, null, null, null), new int[]{2, size, size}, 9)
                .apply(x, new float[rows], rows, 2 * size * size, 1, false);
        int flipped = 0;
        for (int r = 0; r < rows; r++) {
            boolean same = matches(shifted(original, r, size, 0, 0, false, 2), x, r, 2 * size * size);
            boolean mirrored = matches(shifted(original, r, size, 0, 0, true, 2), x, r, 2 * size * size);
            assertThat(same ^ mirrored).as("image %d is itself or its mirror", r).isTrue();
            flipped += mirrored ? 1 : 0;
        }
        assertThat(flipped).isBetween(70, 130);
    }

    @Test
    void rotationsTurnImagesByAtMostTheirAngle() {
        int size = 15;
        int rows = 300;
        double c = (size - 1) / 2.0;
        float[] x = new float[rows * size * size];
        for (int r = 0; r < rows; r++) {
            for (int i = 6; i <= 8; i++) {
                for (int j = 11; j <= 13; j++) {
                    x[r * size * size + i * size + j] = 1; // a 3x3 spot centred 5 pixels right of the centre
                }
            }
        }
        transforms(null, null, null, augmentation(false, 0, 30.0, null), new int[]{1, size, size}, 4)
                .apply(x, new float[rows], rows, size * size, 1, false);
        double smallest = 0;
        double largest = 0;
        for (int r = 0; r < rows; r++) {
            double sy = 0;
            double sx = 0;
            int lit = 0;
            for (int p = 0; p < size * size; p++) {
                if (x[r * size * size + p] != 0) {
                    lit++;
                    sy += p / size - c;
                    sx += p % size - c;
                }
            }
            assertThat(lit).as("image %d keeps its spot", r).isBetween(6, 12);
            double angle = Math.toDegrees(Math.atan2(sy / lit, sx / lit));
            // the spot turns about the centre: same distance, an angle within the bound (nearest-neighbour slack)
            assertThat(Math.hypot(sy / lit, sx / lit)).isCloseTo(5, within(0.6));
            assertThat(Math.abs(angle)).as("image %d", r).isLessThanOrEqualTo(30 + 4);
            smallest = Math.min(smallest, angle);
            largest = Math.max(largest, angle);
        }
        assertThat(smallest).isLessThan(-24);
        assertThat(largest).isGreaterThan(24);
    }

    @Test
    void tabularRowsIgnoreImageAugmentationAndNoTransformLeavesTheBatchAsItIs() {
        float[] x = {1, 2, 3, 4};
        float[] t = {1, 0, 0, 1};
        BatchTransforms none = transforms(null, null, null, augmentation(true, 2, 10.0, null), new int[0], 1);
        none.apply(x, t, 2, 2, 2, true);
        assertThat(x).containsExactly(1, 2, 3, 4);
        assertThat(t).containsExactly(1, 0, 0, 1);
        assertThat(none.changesInputs()).isFalse();
        assertThat(transforms(0.1, null, null, null, new int[0], 1).changesInputs()).isTrue();
        assertThat(transforms(null, null, 0.2, null, new int[0], 1).changesInputs()).isTrue();
        assertThat(transforms(null, 0.2, null, null, new int[0], 1).changesInputs()).isFalse();
        assertThat(transforms(null, null, null, augmentation(null, null, null, 0.1), new int[0], 1).changesInputs()).isTrue();
        int[] image = {1, 4, 4};
        assertThat(transforms(null, null, null, augmentation(true, null, null, null), image, 1).changesInputs()).isTrue();
        assertThat(transforms(null, null, null, augmentation(null, 1, null, null), image, 1).changesInputs()).isTrue();
        assertThat(transforms(null, null, null, augmentation(null, null, 5.0, null), image, 1).changesInputs()).isTrue();
        assertThat(transforms(null, null, null, null, image, 1).changesInputs()).isFalse();
        float[] pixels = images(2, 1, 4);
        float[] before = pixels.clone();
        transforms(null, null, null, null, image, 1).apply(pixels, new float[2], 2, 16, 1, false);
        assertThat(pixels).containsExactly(before);
    }

    /** Images whose pixels are all distinct and non-zero, so that any move of a pixel shows. */
    private static float[] images(int rows, int channels, int size) {
        float[] x = new float[rows * channels * size * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1 + i % (channels * size * size);
        }
        return x;
    }

    private static float[] shifted(float[] images, int row, int size, int dx, int dy, boolean flip) {
        return shifted(images, row, size, dx, dy, flip, 1);
    }

    /** Image {@code row} mirrored (when asked) and moved right by dx and down by dy, zeros where nothing comes in. */
    private static float[] shifted(float[] images, int row, int size, int dx, int dy, boolean flip, int channels) {
        int area = size * size;
        float[] out = new float[channels * area];
        for (int ch = 0; ch < channels; ch++) {
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    int si = i - dy;
                    int sj = (flip ? size - 1 - j : j) - dx;
                    if (si >= 0 && si < size && sj >= 0 && sj < size) {
                        out[ch * area + i * size + j] = images[row * channels * area + ch * area + si * size + sj];
                    }
                }
            }
        }
        return out;
    }

    private static boolean matches(float[] expected, float[] images, int row, int length) {
        for (int p = 0; p < length; p++) {
            if (images[row * length + p] != expected[p]) {
                return false;
            }
        }
        return true;
    }
}
