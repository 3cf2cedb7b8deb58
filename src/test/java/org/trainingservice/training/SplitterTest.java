package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitterTest {

    private static final int[] LABELS = IntStream.range(0, 300).map(i -> i < 60 ? 0 : i < 150 ? 1 : 2).toArray();

    @Test
    void holdoutIsAPartitionThatKeepsClassRatiosAndDependsOnlyOnTheSeed() {
        SplitIndices a = Splitter.holdout(300, LABELS, 0.2, 0.2, 11);
        SplitIndices b = Splitter.holdout(300, LABELS, 0.2, 0.2, 11);
        SplitIndices c = Splitter.holdout(300, LABELS, 0.2, 0.2, 12);
        assertThat(a.train()).containsExactly(b.train());
        assertThat(a.test()).containsExactly(b.test());
        assertThat(a.test()).isNotEqualTo(c.test());
        Set<Integer> all = new HashSet<>();
        for (int[] part : List.of(a.train(), a.validation(), a.test())) {
            Arrays.stream(part).forEach(all::add);
        }
        assertThat(all).hasSize(300);
        assertThat(a.train().length + a.validation().length + a.test().length).isEqualTo(300);
        // 20% of each class: 12 of class 0, 18 of class 1, 30 of class 2
        assertThat(Arrays.stream(a.test()).filter(i -> LABELS[i] == 0).count()).isEqualTo(12);
        assertThat(Arrays.stream(a.test()).filter(i -> LABELS[i] == 1).count()).isEqualTo(18);
        assertThat(Arrays.stream(a.test()).filter(i -> LABELS[i] == 2).count()).isEqualTo(30);
    }

    @Test
    void foldsPartitionTheRowsStratified() {
        int[] rows = IntStream.range(0, 300).toArray();
        List<int[]> folds = Splitter.folds(rows, LABELS, 5, 3);
        assertThat(folds).hasSize(5);
        assertThat(folds.stream().mapToInt(f -> f.length).sum()).isEqualTo(300);
        for (int[] fold : folds) {
            assertThat(Arrays.stream(fold).filter(i -> LABELS[i] == 0).count()).isEqualTo(12);
        }
        assertThat(Splitter.folds(rows, LABELS, 5, 3).get(2)).containsExactly(folds.get(2));
    }

    @Test
    void bootstrapDrawsWithReplacementReproducibly() {
        int[] rows = IntStream.range(0, 100).toArray();
        int[] sample = Splitter.bootstrap(rows, 100, 9);
        assertThat(sample).containsExactly(Splitter.bootstrap(rows, 100, 9));
        assertThat(Arrays.stream(sample).distinct().count()).isBetween(50L, 80L); // about 63% unique
    }
}
