package org.trainingservice.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;

/**
 * Malformed and extreme specs, generated with jqwik's arbitraries and sent over HTTP: every answer is a 4xx problem or
 * a valid job, never a 5xx; no refused spec leaves a row; no accepted job gets stuck.
 */
class SpecFuzzTest extends IntegrationTest {

    private static final Arbitrary<Object> VALUE = Arbitraries.oneOf(
            Arbitraries.integers().between(-5, 70_000).map(Object.class::cast),
            Arbitraries.doubles().between(-1e9, 1e9).map(Object.class::cast),
            Arbitraries.of(0, 1, -1, 1e308, -0.0, Integer.MAX_VALUE, Long.MAX_VALUE).map(Object.class::cast),
            Arbitraries.of("", "adam", "sgd", "relu", "mlp", "cnn", "kfold", "bagging", "boosting", "cuda", "cuda:7",
                    "auto", "val_loss", "moons", "<script>", "😀", "null").map(Object.class::cast),
            Arbitraries.of(true, false).map(Object.class::cast),
            Arbitraries.just(null),
            Arbitraries.just(List.of(1, -1, "x")).map(Object.class::cast),
            Arbitraries.just(Map.of("nested", Map.of("deep", 1))).map(Object.class::cast));

    private static final Map<String, List<String>> FIELDS = Map.of(
            "", List.of("name", "task", "loss", "priority", "bogus"),
            "dataset", List.of("builtin", "id", "samples", "noise", "classes"),
            "model", List.of("type", "hidden", "activation", "dropout", "batchNorm", "channels"),
            "optimizer", List.of("type", "learningRate", "momentum", "beta1", "beta2", "epsilon", "rho", "weightDecay", "clipGradient"),
            "training", List.of("epochs", "batchMode", "batchSize", "seed", "device"),
            "regularization", List.of("l1", "l2", "inputNoise", "labelSmoothing", "mixup", "earlyStopping"),
            "validation", List.of("strategy", "validationFraction", "testFraction", "folds", "stratify"),
            "ensemble", List.of("method", "members", "sampleFraction", "shrinkage"));

    private static Arbitrary<String> specs() {
        List<String> sections = new ArrayList<>(FIELDS.keySet());
        Arbitrary<Map.Entry<String, Object>> mutation = Arbitraries.of(sections).flatMap(section ->
                Combinators.combine(Arbitraries.of(FIELDS.get(section)), VALUE)
                        .as((field, value) -> (Map.Entry<String, Object>) new java.util.AbstractMap.SimpleEntry<>(section.isEmpty() ? field : section + "." + field, value)));
        return mutation.list().ofMinSize(1).ofMaxSize(4).map(mutations -> {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("dataset", new LinkedHashMap<>(Map.of("builtin", "xor", "samples", 100)));
            spec.put("training", new LinkedHashMap<>(Map.of("epochs", 1)));
            for (Map.Entry<String, Object> m : mutations) {
                String[] path = m.getKey().split("\\.");
                if (path.length == 1) {
                    spec.put(path[0], m.getValue());
                } else {
                    Object section = spec.computeIfAbsent(path[0], k -> new LinkedHashMap<String, Object>());
                    if (section instanceof Map<?, ?> map) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> writable = (Map<String, Object>) map;
                        writable.put(path[1], m.getValue());
                    }
                }
            }
            return Api.json().writeValueAsString(spec);
        });
    }

    @Test
    void everySpecGetsAProblemOrAJobNeverAServerError() {
        long before = api.get("/api/v1/jobs?size=1").json().get("totalItems").asLong();
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        for (String spec : specs().sampleStream().limit(800).toList()) {
            Api.Response r = api.post("/api/v1/jobs", spec);
            assertThat(r.status()).as("%s -> %s", spec, r.body()).isIn(201, 400);
            if (r.status() == 201) {
                String id = r.json().get("id").asString();
                accepted.add(id);
                api.post("/api/v1/jobs/" + id + "/cancel", "");
            } else {
                refused++;
                assertThat(r.header("Content-Type")).startsWith("application/problem+json");
                assertThat(r.json().get("detail").asString()).isNotBlank();
            }
        }
        assertThat(refused).isGreaterThan(100);
        long after = api.get("/api/v1/jobs?size=1").json().get("totalItems").asLong();
        assertThat(after - before).as("only accepted specs left rows").isEqualTo(accepted.size());
        for (String id : accepted) {
            String status = awaitFinal(id, Duration.ofSeconds(60)).get("status").asString();
            assertThat(status).isIn("CANCELLED", "SUCCEEDED", "FAILED");
        }
    }
}
