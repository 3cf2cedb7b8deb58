package org.trainingservice.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-epoch metrics of one fit, in epoch order: what the findings read. It travels with the fit's checkpoints, so
 * a resumed run still reads its whole curve.
 */
record MetricHistory(List<Epoch> epochs) {

    public static final MetricHistory EMPTY = new MetricHistory(List.of());

    public MetricHistory {
        epochs = List.copyOf(epochs);
    }

    /** One epoch's metrics ({@code train_loss}, {@code val_loss}, ...), as its {@link EpochReport} carried them. */
    public record Epoch(int epoch, Map<String, Double> metrics) {

        public Epoch {
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }

    public MetricHistory plus(int epoch, Map<String, Double> metrics) {
        List<Epoch> more = new ArrayList<>(epochs);
        more.add(new Epoch(epoch, metrics));
        return new MetricHistory(more);
    }

    public int size() {
        return epochs.size();
    }

    /** Whether every epoch has a finite value of {@code name}. */
    public boolean has(String name) {
        return !epochs.isEmpty() && epochs.stream().allMatch(e -> {
            Double v = e.metrics().get(name);
            return v != null && Double.isFinite(v);
        });
    }

    /** The values of {@code name}, one per epoch, in order. */
    public double[] series(String name) {
        return epochs.stream().mapToDouble(e -> e.metrics().getOrDefault(name, Double.NaN)).toArray();
    }

    /** The epoch numbers, in order (1-based; a history resumed from an old checkpoint may start later). */
    public int[] epochNumbers() {
        return epochs.stream().mapToInt(Epoch::epoch).toArray();
    }
}
