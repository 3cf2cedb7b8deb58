package org.trainingservice.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.trainingservice.training.spec.LossType;

/**
 * Measures the {@link Baselines} of one preparation: the trivial predictor (majority class or training mean) on train,
 * validation and test, and k-nearest neighbours on validation and test, with k chosen on the validation split. Metrics
 * come from the job's own {@link Evaluator}, so their names and definitions are the model's.
 */
final class BaselinePredictors {

    /** The k tried; odd, so that two classes never tie, and spread so that both noisy and clean data find theirs. */
    static final int[] K_CANDIDATES = {1, 3, 5, 9, 15};
    /**
     * Neighbours are searched among at most this many training rows (a seeded subsample), and at most this many rows
     * of each split are scored: the search costs rows x reference rows x features, which stays well under a second
     * at these sizes, and a 5,000-row estimate of an accuracy has a standard error under 0.007.
     */
    static final int MAX_REFERENCE_ROWS = 5000;
    static final int MAX_QUERY_ROWS = 5000;
    // a chunk of query rows x reference rows distances lives at once: 512 x 5000 floats is 10 MB
    private static final int QUERY_CHUNK = 512;
    // vote shares of 0 have no logarithm; this floor is what the ensembles' out-of-bag scores use too
    private static final double MIN_PROBABILITY = 1e-7;

    private final Evaluator evaluator;
    private final LossType loss;
    private final int classes;
    private final NDManager manager;
    private final long seed;

    BaselinePredictors(Evaluator evaluator, LossType loss, int classes, NDManager manager, long seed) {
        this.evaluator = evaluator;
        this.loss = loss;
        this.classes = classes;
        this.manager = manager;
        this.seed = seed;
    }

    Baselines measure(Preparation prep) {
        PreparedSplit train = prep.train();
        Map<String, PreparedSplit> splits = new LinkedHashMap<>();
        splits.put("train", train);
        splits.put("validation", subsample(prep.validation(), 2));
        splits.put("test", subsample(prep.test(), 3));
        PreparedSplit reference = subsample(train, 1, MAX_REFERENCE_ROWS);
        int kMax = Math.min(K_CANDIDATES[K_CANDIDATES.length - 1], reference.rows());
        Map<String, int[][]> nearest = new LinkedHashMap<>();
        for (String name : new String[]{"validation", "test"}) {
            if (!splits.get(name).isEmpty()) {
                nearest.put(name, nearest(reference, splits.get(name), kMax));
            }
        }
        int k = chooseK(reference, splits.get("validation"), nearest.get("validation"), kMax);
        float[] trivial = trivialOutput(train);
        Map<String, Baselines.OnSplit> bySplit = new LinkedHashMap<>();
        splits.forEach((name, split) -> {
            if (split.isEmpty()) {
                return;
            }
            Map<String, Double> trivialMetrics = evaluator.metrics(repeat(trivial, split.rows()), split);
            Map<String, Double> knn = nearest.containsKey(name)
                    ? neighbourMetrics(reference, split, nearest.get(name), k) : null;
            bySplit.put(name, classes > 0 ? new Baselines.OnSplit(trivialMetrics, null, knn)
                    : new Baselines.OnSplit(null, trivialMetrics, knn));
        });
        Baselines.OnSplit validation = bySplit.get("validation");
        return new Baselines(validation == null ? null : validation.majorityClass(),
                validation == null ? null : validation.trainingMean(),
                validation == null ? null : validation.nearestNeighbours(), k, reference.rows(), bySplit);
    }

    private PreparedSplit subsample(PreparedSplit split, int salt) {
        return subsample(split, salt, MAX_QUERY_ROWS);
    }

    private PreparedSplit subsample(PreparedSplit split, int salt, int max) {
        if (split.rows() <= max) {
            return split;
        }
        int[] all = IntStream.range(0, split.rows()).toArray();
        int[] picked = Arrays.copyOf(Splitter.permutation(all, new SplittableRandom(seed * 7 + salt)), max);
        Arrays.sort(picked);
        return split.select(picked);
    }

    /** The k with the best validation accuracy (classification) or the lowest validation rmse; ties keep the smaller. */
    private int chooseK(PreparedSplit reference, PreparedSplit validation, int[][] nearest, int kMax) {
        int best = Math.min(K_CANDIDATES[0], kMax);
        if (nearest == null) {
            return best;
        }
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k : K_CANDIDATES) {
            if (k > kMax) {
                break;
            }
            Map<String, Double> m = neighbourMetrics(reference, validation, nearest, k);
            double score = classes > 0 ? m.get("accuracy") : -m.get("rmse");
            if (score > bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return best;
    }

    /** For every query row, the indices of its {@code kMax} nearest reference rows (squared Euclidean), nearest first. */
    private int[][] nearest(PreparedSplit reference, PreparedSplit query, int kMax) {
        int cols = reference.cols();
        int[][] result = new int[query.rows()][];
        try (NDManager scope = manager.newSubManager()) {
            NDArray ref = scope.create(reference.inputs(), new Shape(reference.rows(), cols));
            NDArray refNorms = ref.square().sum(new int[]{1}).reshape(1, reference.rows());
            NDArray refT = ref.transpose();
            for (int start = 0; start < query.rows(); start += QUERY_CHUNK) {
                int n = Math.min(QUERY_CHUNK, query.rows() - start);
                try (NDManager chunk = scope.newSubManager()) {
                    NDArray q = chunk.create(Arrays.copyOfRange(query.inputs(), start * cols, (start + n) * cols),
                            new Shape(n, cols));
                    // |q - r|^2 = |q|^2 - 2 q.r + |r|^2; the |q|^2 term is the same for every r of a row
                    NDArray distances = q.matMul(refT).mul(-2f).add(refNorms);
                    NDList top = distances.topK(kMax, 1, false, true);
                    long[] indices = top.get(1).toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
                    for (int i = 0; i < n; i++) {
                        int[] row = new int[kMax];
                        for (int j = 0; j < kMax; j++) {
                            row[j] = (int) indices[i * kMax + j];
                        }
                        result[start + i] = row;
                    }
                }
            }
        }
        return result;
    }

    private Map<String, Double> neighbourMetrics(PreparedSplit reference, PreparedSplit query, int[][] nearest, int k) {
        int width = classes > 0 ? classes : 1;
        float[] outputs = new float[query.rows() * width];
        for (int i = 0; i < query.rows(); i++) {
            if (classes > 0) {
                double[] votes = new double[classes];
                for (int j = 0; j < k; j++) {
                    // a nearer neighbour's vote weighs a trifle more, so that ties go to the nearer class
                    votes[(int) reference.targets()[nearest[i][j]]] += 1 + 1e-3 * (k - j) / k;
                }
                double total = Arrays.stream(votes).sum();
                for (int c = 0; c < classes; c++) {
                    outputs[i * width + c] = output(votes[c] / total);
                }
            } else {
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += reference.targets()[nearest[i][j]];
                }
                outputs[i] = (float) (sum / k);
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>(evaluator.metrics(outputs, query));
        if (classes > 0) {
            // vote shares are no calibrated probabilities: their loss would say more about the smoothing than the data
            metrics.remove("loss");
        }
        return metrics;
    }

    /** One row of the trivial predictor's outputs: log class frequencies, or the mean standardized target. */
    private float[] trivialOutput(PreparedSplit train) {
        if (classes == 0) {
            double sum = 0;
            for (float t : train.targets()) {
                sum += t;
            }
            return new float[]{(float) (sum / train.rows())};
        }
        double[] counts = new double[classes];
        for (float t : train.targets()) {
            counts[(int) t]++;
        }
        float[] row = new float[classes];
        for (int c = 0; c < classes; c++) {
            row[c] = output(counts[c] / train.rows());
        }
        return row;
    }

    /** A probability as the output the job's loss reads: a logit for softmax or sigmoid losses, else itself. */
    private float output(double p) {
        double clamped = Math.min(Math.max(p, MIN_PROBABILITY), 1 - MIN_PROBABILITY);
        return switch (loss) {
            case CROSS_ENTROPY -> (float) Math.log(clamped);
            case BINARY_CROSS_ENTROPY -> (float) Math.log(clamped / (1 - clamped));
            default -> (float) p;
        };
    }

    private static float[] repeat(float[] row, int rows) {
        float[] out = new float[row.length * rows];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(row, 0, out, r * row.length, row.length);
        }
        return out;
    }
}
