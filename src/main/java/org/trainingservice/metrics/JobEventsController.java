package org.trainingservice.metrics;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.trainingservice.common.CurrentCaller;
import org.trainingservice.job.JobService;

@RestController
@RequestMapping("/api/v1/jobs/{id}/events")
@Tag(name = "Jobs")
class JobEventsController {

    private final JobEventStream stream;
    private final JobService jobs;
    private final CurrentCaller caller;

    public JobEventsController(JobEventStream stream, JobService jobs, CurrentCaller caller) {
        this.stream = stream;
        this.jobs = jobs;
        this.caller = caller;
    }

    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Stream a job's events", description = """
            Server-Sent Events from the start of the job (or after `Last-Event-ID`): `status` (every state change), \
            `metrics` (one per epoch, per fold or member, with the epoch's metrics), `checkpoint`, and `finished` \
            (then the stream ends). Each event has an id; reconnect with `Last-Event-ID` (or `?lastEventId=`) to get \
            exactly the events missed. Idle streams get a heartbeat comment. Works on any node.""")
    @ApiResponse(responseCode = "200", description = "the event stream", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
            description = "text/event-stream: `id:`, `event:` and `data:` (a JSON object) lines per event"),
            examples = @ExampleObject(value = "id: 7\nevent: metrics\ndata: {\"epoch\": 3, \"metrics\": {\"val_loss\": 0.31}}\n\n")))
    public SseEmitter events(@PathVariable UUID id,
                             @RequestHeader(value = "Last-Event-ID", required = false) String lastEventIdHeader,
                             @Parameter(description = "alternative to the Last-Event-ID header")
                             @RequestParam(required = false) String lastEventId) {
        jobs.requireVisible(id, caller.visibleTenant());
        long cursor = JobEventStream.cursor(lastEventIdHeader, lastEventId);
        return stream.open(id, cursor);
    }
}
