package org.trainingservice.scheduler;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Nodes", description = "The worker nodes sharing the job queue")
class NodeController {

    private final WorkerNodes nodes;

    public NodeController(WorkerNodes nodes) {
        this.nodes = nodes;
    }

    @GetMapping("/api/v1/nodes")
    @Operation(summary = "List worker nodes", description = "Each node's devices, slots, last heartbeat and warm training processes.")
    public List<NodeView> list() {
        return nodes.list();
    }
}
