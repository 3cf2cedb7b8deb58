package org.trainingservice.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Seeded, reproducible splits. Everything here depends only on the seed and the labels, so the same job splits the
 * same way on every run and every machine ({@link SplittableRandom} is specified bit for bit).
 */
final class Splitter {

    private Splitter() {
    }

    /** Holdout split; with {@code labels} non-null every class is split in the same proportions. */
    public static SplitIndices holdout(int rows, int[] labels, double validationFraction, double testFraction, long seed) {
        List<int[]> groups = groups(rows, labels, seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int[] group : groups) {
            int nTest = (int) Math.round(group.length * testFraction);
            int nVal = (int) Math.round(group.length * validationFraction);
            for (int i = 0; i < group.length; i++) {
                (i < nTest ? test : i < nTest + nVal ? val : train).add(group[i]);
            }
        }
        return new SplitIndices(shuffled(train, seed + 1), shuffled(val, seed + 2), shuffled(test, seed + 3));
    }

    /** Splits {@code rows} (already excluding test rows) into {@code k} folds, stratified when labels are given. */
    public static List<int[]> folds(int[] rows, int[] labels, int k, long seed) {
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        int[] subsetLabels = labels == null ? null : Arrays.stream(rows).map(r -> labels[r]).toArray();
        int next = 0;
        for (int[] group : groups(rows.length, subsetLabels, seed)) {
            for (int local : group) {
                folds.get(next++ % k).add(rows[local]);
            }
        }
        return folds.stream().map(f -> f.stream().mapToInt(Integer::intValue).sorted().toArray()).toList();
    }

    /** A bootstrap resample (with replacement) of {@code rows}; {@code size} rows are drawn. */
    public static int[] bootstrap(int[] rows, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] sample = new int[size];
        for (int i = 0; i < size; i++) {
            sample[i] = rows[random.nextInt(rows.length)];
        }
        return sample;
    }

    /** Fisher-Yates shuffle of a copy, seeded. */
    public static int[] permutation(int[] values, SplittableRandom random) {
        int[] copy = values.clone();
        for (int i = copy.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = copy[i];
            copy[i] = copy[j];
            copy[j] = tmp;
        }
        return copy;
    }

    private static List<int[]> groups(int rows, int[] labels, long seed) {
        TreeMap<Integer, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < rows; i++) {
            byLabel.computeIfAbsent(labels == null ? 0 : labels[i], key -> new ArrayList<>()).add(i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> groups = new ArrayList<>();
        for (List<Integer> members : byLabel.values()) {
            groups.add(permutation(members.stream().mapToInt(Integer::intValue).toArray(), random));
        }
        return groups;
    }

    private static int[] shuffled(List<Integer> values, long seed) {
        return permutation(values.stream().mapToInt(Integer::intValue).toArray(), new SplittableRandom(seed));
    }

}
