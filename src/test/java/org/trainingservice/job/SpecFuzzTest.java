package org.trainingservice.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;

/**
 * Malformed and extreme specs, generated with jqwik's arbitraries from a fixed seed and sent over HTTP: every answer
 * is a 4xx problem or a valid job, never a 5xx; no refused spec leaves a row; no accepted job gets stuck. Values
 * anywhere in a spec may be nulls, empty strings, or arrays and objects holding them.
 */
class SpecFuzzTest extends IntegrationTest {

    /** Fixed, so that a failure found once is found again (and the run is the same on every machine). */
    private static final long SEED = 20_260_120L;
    private static final int SPECS = 800;

    /** What goes inside arrays and objects: nulls and empty strings above all, which once broke the defaults. */
    private static final Arbitrary<Object> ELEMENT = Arbitraries.oneOf(
            Arbitraries.just(null), Arbitraries.just("").map(Object.class::cast), Arbitraries.just(" ").map(Object.class::cast),
            Arbitraries.integers().between(-2, 70_000).map(Object.class::cast),
            Arbitraries.of("relu", "x", "null", "val_loss").map(Object.class::cast));

    private static final Arbitrary<Object> ARRAY = ELEMENT.list().ofMaxSize(4).map(ArrayList::new);

    private static final Arbitrary<Object> OBJECT = Combinators.combine(
            Arbitraries.of("", "type", "hidden", "monitor", "rounds", "builtin", "x").list().ofMaxSize(3),
            ELEMENT.list().ofSize(3)).as((keys, values) -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    object.put(keys.get(i), values.get(i));
                }
                return object;
            });

    private static final Arbitrary<Object> VALUE = Arbitraries.oneOf(
            Arbitraries.integers().between(-5, 70_000).map(Object.class::cast),
            Arbitraries.doubles().between(-1e9, 1e9).map(Object.class::cast),
            Arbitraries.of(0, 1, -1, 1e308, -0.0, Integer.MAX_VALUE, Long.MAX_VALUE).map(Object.class::cast),
            Arbitraries.of("", "adam", "sgd", "relu", "mlp", "cnn", "kfold", "bagging", "boosting", "cuda", "cuda:7",
                    "auto", "val_loss", "moons", "<script>", "😀", "null").map(Object.class::cast),
            Arbitraries.of(true, false).map(Object.class::cast),
            Arbitraries.just(null),
            ARRAY, ARRAY, ARRAY,
            OBJECT, OBJECT,
            ARRAY.list().ofMaxSize(2).map(Object.class::cast),
            Arbitraries.just(List.of(1, -1, "x")).map(Object.class::cast),
            Arbitraries.just(Map.of("nested", Map.of("deep", 1))).map(Object.class::cast));

    private static final Map<String, List<String>> FIELDS = Map.ofEntries(
            Map.entry("", List.of("name", "task", "loss", "priority", "bogus", "dataset", "model", "optimizer",
                    "training", "regularization", "validation", "ensemble", "analysis", "checkpoint")),
            Map.entry("dataset", List.of("builtin", "id", "samples", "noise", "classes")),
            Map.entry("model", List.of("type", "hidden", "hidden", "activation", "dropout", "batchNorm", "channels", "channels")),
            Map.entry("optimizer", List.of("type", "learningRate", "momentum", "beta1", "beta2", "epsilon", "rho",
                    "weightDecay", "clipGradient", "schedule")),
            Map.entry("optimizer.schedule", List.of("type", "warmupEpochs", "stepSize", "gamma", "minLearningRate")),
            Map.entry("training", List.of("epochs", "batchMode", "batchSize", "seed", "device")),
            Map.entry("regularization", List.of("l1", "l2", "inputNoise", "labelSmoothing", "mixup", "augmentation",
                    "earlyStopping")),
            Map.entry("regularization.augmentation", List.of("flip", "shift", "rotation", "jitter")),
            Map.entry("regularization.earlyStopping", List.of("monitor", "patience", "minDelta", "restoreBest")),
            Map.entry("validation", List.of("strategy", "validationFraction", "testFraction", "folds", "stratify")),
            Map.entry("ensemble", List.of("method", "members", "sampleFraction", "shrinkage")),
            Map.entry("analysis", List.of("biasVariance")),
            Map.entry("analysis.biasVariance", List.of("rounds")),
            Map.entry("checkpoint", List.of("everyEpochs", "keepLast", "keepBest")));

    private static Arbitrary<String> specs() {
        List<String> sections = new ArrayList<>(new TreeSet<>(FIELDS.keySet()));
        Arbitrary<Map.Entry<String, Object>> mutation = Arbitraries.of(sections).flatMap(section ->
                Combinators.combine(Arbitraries.of(FIELDS.get(section)), VALUE)
                        .as((field, value) -> (Map.Entry<String, Object>) new java.util.AbstractMap.SimpleEntry<>(section.isEmpty() ? field : section + "." + field, value)));
        return mutation.list().ofMinSize(1).ofMaxSize(4).map(mutations -> {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("dataset", new LinkedHashMap<>(Map.of("builtin", "xor", "samples", 100)));
            spec.put("training", new LinkedHashMap<>(Map.of("epochs", 1)));
            mutations.forEach(m -> put(spec, m.getKey().split("\\."), m.getValue()));
            return Api.json().writeValueAsString(spec);
        });
    }

    /** Sets the value at the path, making the objects on the way; a path through a value that is not an object is left. */
    private static void put(Map<String, Object> spec, String[] path, Object value) {
        Map<String, Object> at = spec;
        for (int i = 0; i < path.length - 1; i++) {
            Object next = at.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
            if (!(next instanceof Map<?, ?> map)) {
                return;
            }
            Map<String, Object> copy = new LinkedHashMap<>(); // generated objects may be shared or immutable
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            at.put(path[i], copy);
            at = copy;
        }
        at.put(path[path.length - 1], value);
    }

    private static List<String> seededSpecs() {
        List<String> specs = new ArrayList<>();
        JqwikSession.run(() -> {  // generators need a jqwik context outside of jqwik's own test engine
            RandomGenerator<String> generator = specs().generator(1000);
            Random random = new Random(SEED);
            for (int i = 0; i < SPECS; i++) {
                specs.add(generator.next(random).value());
            }
        });
        return specs;
    }

    @Test
    void everySpecGetsAProblemOrAJobNeverAServerError() {
        long before = api.get("/api/v1/jobs?size=1").json().get("totalItems").asLong();
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        List<String> specs = seededSpecs();
        assertThat(specs).as("the same specs on every run").isEqualTo(seededSpecs());
        assertThat(specs.stream().filter(s -> s.matches(".*\\[(null|\"\")[],].*"))).as("nulls and empty strings in arrays")
                .hasSizeGreaterThan(50);
        assertThat(specs.stream().filter(s -> s.matches(".*\"(hidden|channels)\":\\[[^]]*(null|\"\")[],].*")))
                .as("nulls and empty strings in layer sizes").hasSizeGreaterThan(5);
        for (String spec : specs) {
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
