package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trainingservice.job.ClaimedJob;
import org.trainingservice.job.JobStateStore;
import org.trainingservice.job.JobStatus;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Claims consider devices: a job that asks for a GPU waits for a node that has that GPU with a free slot, however
 * urgent it is, while this CPU node goes on with the jobs it can serve; the GPU node then gets it for that GPU.
 */
class DeviceRoutingTest extends IntegrationTest {

    private static final String GPU_NODE = "routing-gpu-node";

    @Autowired
    private WorkerNodes nodes;

    @Autowired
    private JobStateStore states;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aCudaJobIsLeftToTheNodeWithThatGpuWhileTheCpuNodeRunsTheJobsBehindIt() {
        // a GPU node as it registers itself (no such node runs: the claim below is the one it would make)
        List<String> gpuDevices = List.of("cpu", "cuda:0", "cuda:1");
        DeviceSlots gpuSlots = new DeviceSlots(gpuDevices, 1, 1);
        nodes.register(GPU_NODE, new NodeHardware(gpuDevices, "libtorch (test)", "cu128", List.of("GPU A", "GPU B")),
                gpuSlots.capacity());
        try {
            JsonNode listed = node(GPU_NODE);
            assertThat(listed.get("slotsByDevice").toString()).isEqualTo("{\"cpu\":1,\"cuda:0\":1,\"cuda:1\":1}");
            assertThat(listed.get("slots").asInt()).isEqualTo(3);
            assertThat(node("test-node").get("slotsByDevice").toString()).isEqualTo("{\"cpu\":1}");

            String cuda = submit("""
                    {"dataset": {"builtin": "moons", "samples": 200}, "model": {"hidden": [4]}, "priority": 100,
                     "training": {"epochs": 1, "device": "cuda:1"}}""");
            String cpu = submit("""
                    {"dataset": {"builtin": "moons", "samples": 200}, "model": {"hidden": [4]},
                     "training": {"epochs": 1}}""");
            assertThat(awaitFinal(cpu, Duration.ofSeconds(120)).get("status").asString()).isEqualTo("SUCCEEDED");
            JsonNode waiting = job(cuda);
            assertThat(waiting.get("status").asString()).as("more urgent, but no slot here serves cuda:1")
                    .isEqualTo("QUEUED");

            // the GPU node's claim finds it, and its slots give it GPU 1
            Optional<ClaimedJob> claimed = states.claimNext(GPU_NODE, Instant.now().plusSeconds(30), 100,
                    List.of("cuda:1", "cuda"), id -> null);
            assertThat(claimed).isPresent();
            assertThat(claimed.get().id()).isEqualTo(UUID.fromString(cuda));
            assertThat(claimed.get().device()).isEqualTo("cuda:1");
            assertThat(gpuSlots.take(claimed.get().device())).hasValue("cuda:1");
            assertThat(job(cuda).get("node").asString()).isEqualTo(GPU_NODE);

            assertThat(api.post("/api/v1/jobs/" + cuda + "/cancel", "").status()).isEqualTo(202);
            assertThat(states.finish(UUID.fromString(cuda), GPU_NODE, JobStatus.CANCELLED, "test over", null)).isTrue();
        } finally {
            jdbc.update("DELETE FROM worker_node WHERE node_id = ?", GPU_NODE);
        }
    }

    @Test
    void aNodeWithNoFreeSlotForAnyDeviceClaimsNothing() {
        assertThat(states.claimNext("no-slots-node", Instant.now().plusSeconds(30), 100, List.of(), id -> null))
                .isEmpty();
    }

    private JsonNode node(String id) {
        for (JsonNode n : api.get("/api/v1/nodes").json()) {
            if (id.equals(n.get("nodeId").asString())) {
                return n;
            }
        }
        throw new AssertionError("no node " + id + " in " + api.get("/api/v1/nodes").body());
    }
}
