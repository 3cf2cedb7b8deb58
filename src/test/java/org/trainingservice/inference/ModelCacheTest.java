package org.trainingservice.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trainingservice.common.TrainingProperties;
import org.trainingservice.training.TestData;
import org.trainingservice.training.TrainedModel;
import org.trainingservice.training.spec.Task;

/**
 * The prediction model cache: at most {@code training.inference.cache-size} models loaded, the least recently used
 * unloaded first, and a model unused for {@code training.inference.idle-eviction} unloaded by the periodic check.
 */
class ModelCacheTest {

    private static TrainedModel trained;

    private final List<UUID> loads = new ArrayList<>();
    private final List<LoadedModel> made = new ArrayList<>();
    private final Function<UUID, LoadedModel> loader = id -> {
        loads.add(id);
        LoadedModel model = new LoadedModel(new StoredModel(trained, null));
        made.add(model);
        return model;
    };
    private ModelCache cache;

    @BeforeAll
    static void trainATinyModel() {
        trained = TestData.train("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [4]}, "training": {"epochs": 1}}""",
                TestData.builtin("moons", 100, 0.1, null, 1), Task.CLASSIFICATION, new ArrayList<>()).model();
    }

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void aFullCacheUnloadsTheLeastRecentlyUsedModel() {
        cache = cache(2, Duration.ofHours(1));
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        LoadedModel first = cache.get(a, loader);
        LoadedModel second = cache.get(b, loader);
        assertThat(cache.get(a, loader)).as("a hit loads nothing").isSameAs(first);
        cache.get(c, loader); // a was used after b: b goes
        assertThat(loads).containsExactly(a, b, c);
        assertThatThrownBy(() -> second.predict(new float[2], 1)).hasMessageContaining("unloaded");
        assertThat(first.predict(new float[] {0.5f, 0.2f}, 1)).hasSize(2);

        assertThat(cache.get(a, loader)).isSameAs(first); // now c is the least recently used
        cache.get(b, loader);
        assertThat(loads).as("b is loaded again, in c's place; a stays").containsExactly(a, b, c, b);
        assertThat(cache.get(a, loader)).isSameAs(first);
        assertThatThrownBy(() -> made.get(2).predict(new float[2], 1)).as("c was unloaded")
                .hasMessageContaining("unloaded");
    }

    @Test
    void theIdleCheckUnloadsModelsUnusedForTheIdleTimeAndKeepsTheOthers() {
        cache = cache(8, Duration.ofHours(1));
        UUID a = UUID.randomUUID();
        LoadedModel kept = cache.get(a, loader);
        cache.evictIdle();
        assertThat(cache.get(a, loader)).as("used within the hour: still loaded").isSameAs(kept);

        ModelCache eager = cache(8, Duration.ZERO);
        try {
            LoadedModel idle = eager.get(a, loader);
            eager.evictIdle();
            assertThatThrownBy(() -> idle.predict(new float[2], 1)).hasMessageContaining("unloaded");
            assertThat(eager.get(a, loader)).as("loaded again on the next call").isNotSameAs(idle);
            assertThat(loads).hasSize(3);
        } finally {
            eager.close();
        }
    }

    private static ModelCache cache(int capacity, Duration idle) {
        return new ModelCache(new TrainingProperties(Path.of("target"), "test", 3, Duration.ofHours(1), null,
                new TrainingProperties.Worker(true, 1, Duration.ofMillis(500), Duration.ofSeconds(30),
                        Duration.ofSeconds(2), Duration.ofSeconds(10), "1g", 5, false, null, 1, 1000, true)),
                capacity, idle);
    }
}
