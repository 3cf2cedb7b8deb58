package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoSearchSpaceTest {

    @Test
    void aTabularSpaceIsValidForEverySearcherButGridAndForTheJobSpec() {
        SearchSpace space = AutoSearchSpace.forDataset(2_000, 2, true, false);
        assertThat(space.problems()).isEmpty();
        assertThat(SpecPaths.check(space)).isEmpty();
        for (SearcherType type : List.of(SearcherType.RANDOM, SearcherType.ASHA, SearcherType.TPE)) {
            assertThat(Searchers.problems(space, new SearcherSettings(type, 20, 2, 1, 0, 0, 0, 30))).isEmpty();
        }
        assertThat(new ArrayList<>(space.parameters().keySet())).containsExactly("optimizer.learningRate",
                "model.hidden", "model.dropout", "regularization.l2", "training.batchSize", "model.activation");
        assertThat(space.parameters().get("optimizer.learningRate")).isEqualTo(new LogUniform(1e-4, 1e-1));
        assertThat(space.parameters().get("regularization.l2")).isEqualTo(new LogUniform(1e-6, 1e-2));
        assertThat(space.parameters().get("model.dropout")).isEqualTo(new Uniform(0.0, 0.5));
        assertThat(space.parameters().get("model.activation")).isEqualTo(new Choice(List.of("relu", "tanh", "gelu")));
        assertThat(space.parameters().get("model.hidden")).isEqualTo(new Choice(List.of(List.of(32), List.of(32, 32),
                List.of(64), List.of(64, 64), List.of(128), List.of(128, 128))));
        assertThat(space.parameters().get("training.batchSize")).isEqualTo(new Choice(List.of(32, 64, 128)));
    }

    @Test
    void aSmallTableGetsLowerLearningRatesAndStrongerL2() {
        SearchSpace small = AutoSearchSpace.forDataset(999, 30, true, false);
        assertThat(small.parameters().get("optimizer.learningRate")).isEqualTo(new LogUniform(1e-4, 1e-2));
        assertThat(small.parameters().get("regularization.l2")).isEqualTo(new LogUniform(1e-5, 1e-1));
        assertThat(small.problems()).isEmpty();
        SearchSpace notSmall = AutoSearchSpace.forDataset(1_000, 30, true, false);
        assertThat(notSmall.parameters().get("optimizer.learningRate")).isEqualTo(new LogUniform(1e-4, 1e-1));
        assertThat(notSmall.parameters().get("regularization.l2")).isEqualTo(new LogUniform(1e-6, 1e-2));
        assertThat(AutoSearchSpace.forDataset(150, 4, true, false).parameters().get("optimizer.learningRate"))
                .isEqualTo(new LogUniform(1e-4, 1e-2));
    }

    @Test
    void widthsDepthsAndBatchesGrowWithTheRows() {
        assertThat(AutoSearchSpace.maxWidth(999)).isEqualTo(64);
        assertThat(AutoSearchSpace.maxWidth(1_000)).isEqualTo(128);
        assertThat(AutoSearchSpace.maxWidth(9_999)).isEqualTo(128);
        assertThat(AutoSearchSpace.maxWidth(10_000)).isEqualTo(256);
        assertThat(AutoSearchSpace.maxWidth(99_999)).isEqualTo(256);
        assertThat(AutoSearchSpace.maxWidth(100_000)).isEqualTo(512);
        assertThat(AutoSearchSpace.hidden(500, 2)).containsExactly(List.of(16), List.of(16, 16), List.of(32),
                List.of(32, 32), List.of(64), List.of(64, 64));
        assertThat(AutoSearchSpace.hidden(49_999, 2)).hasSize(6);
        assertThat(AutoSearchSpace.hidden(50_000, 2)).containsExactly(List.of(64), List.of(64, 64),
                List.of(64, 64, 64), List.of(128), List.of(128, 128), List.of(128, 128, 128), List.of(256),
                List.of(256, 256), List.of(256, 256, 256));
        assertThat(AutoSearchSpace.batchSizes(1_999)).containsExactly(16, 32, 64);
        assertThat(AutoSearchSpace.batchSizes(2_000)).containsExactly(32, 64, 128);
        assertThat(AutoSearchSpace.batchSizes(49_999)).containsExactly(32, 64, 128);
        assertThat(AutoSearchSpace.batchSizes(50_000)).containsExactly(64, 128, 256);
        assertThat(AutoSearchSpace.forDataset(200_000, 10, true, false).parameters().get("training.batchSize"))
                .isEqualTo(new Choice(List.of(64, 128, 256)));
    }

    @Test
    void noBatchIsLargerThanTheDataButOneAlwaysStays() {
        assertThat(AutoSearchSpace.batchSizes(40)).containsExactly(16, 32);
        assertThat(AutoSearchSpace.batchSizes(32)).containsExactly(16, 32);
        assertThat(AutoSearchSpace.batchSizes(10)).containsExactly(16);
    }

    @Test
    void noLayerIsNarrowerThanTheInput() {
        assertThat(AutoSearchSpace.hidden(5_000, 100)).containsExactly(List.of(128), List.of(128, 128));
        assertThat(AutoSearchSpace.hidden(5_000, 60)).containsExactly(List.of(64), List.of(64, 64), List.of(128),
                List.of(128, 128));
        assertThat(AutoSearchSpace.hidden(5_000, 64)).containsExactly(List.of(64), List.of(64, 64), List.of(128),
                List.of(128, 128));
        assertThat(AutoSearchSpace.hidden(5_000, 65)).containsExactly(List.of(128), List.of(128, 128));
        assertThat(AutoSearchSpace.hidden(5_000, 33)).containsExactly(List.of(64), List.of(64, 64), List.of(128),
                List.of(128, 128));
        assertThat(AutoSearchSpace.hidden(5_000, 32)).hasSize(6);
        assertThat(AutoSearchSpace.hidden(100, 1)).hasSize(6);
    }

    @Test
    void regressionGetsLessDropout() {
        assertThat(AutoSearchSpace.forDataset(1_000, 1, false, false).parameters().get("model.dropout"))
                .isEqualTo(new Uniform(0.0, 0.3));
    }

    @Test
    void imagesSearchChannelsInsteadOfHiddenAndMoreOfThemWithMoreImages() {
        SearchSpace small = AutoSearchSpace.forDataset(9_999, 784, true, true);
        assertThat(small.parameters()).containsKey("model.channels").doesNotContainKey("model.hidden");
        assertThat(small.parameters().get("model.channels")).isEqualTo(new Choice(List.of(List.of(16, 32),
                List.of(32, 64))));
        assertThat(AutoSearchSpace.channels(10_000)).hasSize(3);
        SearchSpace large = AutoSearchSpace.forDataset(60_000, 784, true, true);
        assertThat(large.parameters().get("model.channels")).isEqualTo(new Choice(List.of(List.of(16, 32),
                List.of(32, 64), List.of(32, 64, 128))));
        assertThat(large.problems()).isEmpty();
        assertThat(SpecPaths.check(large)).isEmpty();
        assertThat(new ArrayList<>(large.parameters().keySet())).containsExactly("optimizer.learningRate",
                "model.channels", "model.dropout", "regularization.l2", "training.batchSize", "model.activation");
    }
}
