package org.trainingservice.checkpoint;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.trainingservice.common.CurrentCaller;
import org.trainingservice.common.NotFoundException;
import org.trainingservice.job.JobService;

@RestController
@RequestMapping("/api/v1/jobs/{id}/checkpoints")
@Tag(name = "Checkpoints", description = "A job's checkpoints: list and download")
class CheckpointController {

    private final CheckpointStore checkpoints;
    private final JobService jobs;
    private final CurrentCaller caller;

    public CheckpointController(CheckpointStore checkpoints, JobService jobs, CurrentCaller caller) {
        this.checkpoints = checkpoints;
        this.jobs = jobs;
        this.caller = caller;
    }

    @GetMapping
    @Operation(summary = "List checkpoints", description = "Oldest first: epoch, the monitored metric, size and time. "
            + "Retention keeps the last checkpoint.keepLast plus the best by the monitored validation metric.")
    public List<CheckpointView> list(@PathVariable UUID id) {
        jobs.requireVisible(id, caller.visibleTenant());
        return checkpoints.list(id);
    }

    @GetMapping(value = "/{checkpointId}/content", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(summary = "Download a checkpoint", description = "The stored bytes, streamed from the database: model "
            + "parameters, optimizer state, position and early-stopping state of every sub-run so far.")
    @ApiResponse(responseCode = "200", description = "the checkpoint's bytes", content = @Content(
            mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<StreamingResponseBody> content(@PathVariable UUID id, @PathVariable long checkpointId) {
        jobs.requireVisible(id, caller.visibleTenant());
        if (!checkpoints.exists(id, checkpointId)) {
            throw new NotFoundException("checkpoint", checkpointId);
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"checkpoint-" + checkpointId + ".bin\"")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(out -> checkpoints.copyContent(id, checkpointId, out));
    }
}
