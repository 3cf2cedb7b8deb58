package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.SecondNode;
import org.trainingservice.support.SseEvents;
import org.trainingservice.support.SseEvents.Event;
import tools.jackson.databind.JsonNode;

/**
 * An API-only node ({@code training.worker.enabled=false}) takes jobs and serves everything about them, but trains
 * nothing: the training node writes the job's events and model to the shared database, and the API-only node streams
 * those events to its own clients as they arrive and predicts with that model.
 */
class ApiOnlyNodeTest extends IntegrationTest {

    @Test
    void anApiOnlyNodeQueuesJobsStreamsTheirEventsAndPredictsButNeverTrains() throws Exception {
        try (SecondNode apiOnly = SecondNode.start("api-only-node", "--training.worker.enabled=false")) {
            Api other = new Api(apiOnly.port());
            for (JsonNode node : other.get("/api/v1/nodes").json()) {
                assertThat(node.get("nodeId").asString()).as("an API-only node registers no worker")
                        .isNotEqualTo(apiOnly.nodeId());
            }
            Api.Response submitted = other.post("/api/v1/jobs", """
                    {"dataset": {"builtin": "moons", "samples": 300}, "model": {"hidden": [8]},
                     "training": {"epochs": 6, "batchSize": 16}}""");
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
            String id = submitted.json().get("id").asString();

            // the stream from the API-only node carries the epochs the other node trains, up to the end
            List<Event> events = SseEvents.read(other, id, null, e -> e.type().equals("finished"));
            List<Integer> epochs = events.stream().filter(e -> e.type().equals("metrics"))
                    .map(e -> Api.json().readTree(e.data()).get("epoch").asInt()).toList();
            assertThat(epochs).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(events.get(events.size() - 1).type()).isEqualTo("finished");

            JsonNode done = awaitFinal(id, Duration.ofSeconds(60));
            assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(done.get("node").asString()).as("trained by the node with a worker").isEqualTo("test-node");
            assertThat(apiOnly.children()).as("the API-only node started no training process").isEmpty();

            String instances = "{\"instances\": [[0.5, 0.2], [-0.8, 0.6]]}";
            Api.Response there = other.post("/api/v1/jobs/" + id + "/predict", instances);
            assertThat(there.status()).as(there.body()).isEqualTo(200);
            assertThat(there.json().get("probabilities"))
                    .isEqualTo(api.post("/api/v1/jobs/" + id + "/predict", instances).json().get("probabilities"));
        }
    }
}
