package org.trainingservice.experiment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.trainingservice.experiment.search.Decision;

/**
 * Prometheus: {@code training_experiments{status}} and {@code training_trials_total{status}} (counted in the database,
 * so every node shows the same), and this node's searcher decisions {@code training_searcher_decisions_total{decision}}.
 */
@Component
class ExperimentMeters {

    private final MeterRegistry registry;
    private final MultiGauge experiments;
    private final MultiGauge trials;

    ExperimentMeters(MeterRegistry registry) {
        this.registry = registry;
        this.experiments = MultiGauge.builder("training_experiments").description("experiments by status")
                .register(registry);
        this.trials = MultiGauge.builder("training_trials_total").description("trials of experiments by status")
                .register(registry);
    }

    void decision(Decision decision) {
        Counter.builder("training_searcher_decisions_total").description("searcher decisions taken on this node")
                .tag("decision", decision.getClass().getSimpleName().toLowerCase()).register(registry).increment();
    }

    void counts(Map<String, Long> experimentsByStatus, Map<String, Long> trialsByStatus) {
        experiments.register(rows(experimentsByStatus), true);
        trials.register(rows(trialsByStatus), true);
    }

    private static List<MultiGauge.Row<?>> rows(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("status", e.getKey()), e.getValue()))
                .toList();
    }
}
