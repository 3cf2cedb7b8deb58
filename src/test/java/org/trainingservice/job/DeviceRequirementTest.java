package org.trainingservice.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceRequirementTest {

    @Test
    void cudaIsServedByAnyNodeWithAGpuAndCudaNByANodeWithThatGpu() {
        Map<String, List<String>> nodes = new LinkedHashMap<>();
        nodes.put("node-a", List.of("cpu"));
        nodes.put("node-b", List.of("cpu", "cuda:0", "cuda:1"));
        assertThat(DeviceRequirement.refusal("cuda", nodes)).isEmpty();
        assertThat(DeviceRequirement.refusal("cuda:1", nodes)).isEmpty();
        assertThat(DeviceRequirement.refusal("cpu", nodes)).isEmpty();
        assertThat(DeviceRequirement.refusal("auto", Map.of())).isEmpty();
        assertThat(DeviceRequirement.refusal("cuda:2", nodes)).hasValue("no worker has cuda:2 (the worker nodes have "
                + "node-a: cpu; node-b: cpu, cuda:0, cuda:1); use \"auto\", \"cpu\" or one of those devices");
    }

    @Test
    void withoutAnyGpuTheRefusalNamesTheNodesAndPointsToTheReadme() {
        Map<String, List<String>> nodes = new LinkedHashMap<>();
        nodes.put("node-a", List.of("cpu"));
        assertThat(DeviceRequirement.refusal("cuda:0", nodes)).hasValue("no worker has a CUDA device (the worker nodes "
                + "have node-a: cpu); use \"auto\" or \"cpu\", or start a node with CUDA natives (README \"Running on a GPU\")");
        assertThat(DeviceRequirement.refusal("cuda", Map.of())).get().asString()
                .startsWith("no worker has a CUDA device (no worker node is registered)");
    }
}
