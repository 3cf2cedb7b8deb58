package org.trainingservice.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;
import org.trainingservice.support.Api;
import tools.jackson.databind.JsonNode;

/** Polls an experiment over HTTP until a condition holds (an event to wait for, never a fixed time). */
final class ExperimentWaits {

    static final Set<String> FINAL_EXPERIMENT = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private ExperimentWaits() {
    }

    static JsonNode awaitExperiment(Api api, String id, Predicate<JsonNode> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode e = api.get("/api/v1/experiments/" + id).json();
        while (!condition.test(e)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("experiment " + id + " did not reach the expected state in " + timeout + ": " + e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for experiment " + id, interrupted);
            }
            e = api.get("/api/v1/experiments/" + id).json();
        }
        return e;
    }

    static JsonNode awaitFinished(Api api, String id, Duration timeout) {
        return awaitExperiment(api, id, e -> FINAL_EXPERIMENT.contains(e.get("status").asString()), timeout);
    }
}
