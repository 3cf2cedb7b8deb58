package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/nodes} says which natives the node uses and which GPUs it sees (none on CI). */
class NodeListTest extends IntegrationTest {

    @Test
    void theTestNodeReportsItsCpuNativesAndNoGpu() {
        JsonNode node = null;
        for (JsonNode n : api.get("/api/v1/nodes").json()) {
            if ("test-node".equals(n.get("nodeId").asString())) {
                node = n;
            }
        }
        assertThat(node).isNotNull();
        GpuProbe probe = new GpuProbe();
        assertThat(node.get("natives").asString()).isEqualTo(probe.natives().describe()).contains("pytorch-native-cpu");
        assertThat(node.get("flavor").asString()).isEqualTo("cpu");
        assertThat(node.get("gpus").size()).isEqualTo(probe.gpus().size());
        assertThat(node.get("devices").toString()).isEqualTo("[\"cpu\"]");
    }
}
