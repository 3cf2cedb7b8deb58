package org.trainingservice.inference;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.trainingservice.common.TrainingProperties;

/**
 * Keeps recently used models loaded: at most {@code training.inference.cache-size}, least recently used first out,
 * and each unloaded after {@code training.inference.idle-eviction} without a call. The first prediction after a start
 * loads the model.
 */
@Component
class ModelCache implements AutoCloseable {

    private final int capacity;
    private final Duration idle;
    private final Map<UUID, LoadedModel> models = new LinkedHashMap<>(16, 0.75f, true);

    public ModelCache(TrainingProperties properties,
                      @Value("${training.inference.cache-size:8}") int capacity,
                      @Value("${training.inference.idle-eviction:10m}") Duration idle) {
        this.capacity = capacity;
        this.idle = idle;
        // This process may load the engine for predictions: never download anything, unpack natives under data-dir.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("DJL_CACHE_DIR", properties.djlCacheDir().toString());
    }

    public synchronized LoadedModel get(UUID jobId, Function<UUID, LoadedModel> loader) {
        LoadedModel model = models.get(jobId);
        if (model == null) {
            model = loader.apply(jobId);
            models.put(jobId, model);
            while (models.size() > capacity) {
                Iterator<Map.Entry<UUID, LoadedModel>> eldest = models.entrySet().iterator();
                eldest.next().getValue().close();
                eldest.remove();
            }
        }
        return model;
    }

    @Scheduled(fixedDelayString = "${training.inference.eviction-check:30s}")
    public synchronized void evictIdle() {
        long now = System.nanoTime();
        models.entrySet().removeIf(e -> {
            boolean stale = now - e.getValue().lastUsedNanos() > idle.toNanos();
            if (stale) {
                e.getValue().close();
            }
            return stale;
        });
    }

    @Override
    public synchronized void close() {
        models.values().forEach(LoadedModel::close);
        models.clear();
    }
}
