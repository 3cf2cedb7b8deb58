package org.trainingservice.job;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.trainingservice.common.CurrentCaller;
import org.trainingservice.common.ProblemSchema;
import org.trainingservice.training.spec.JobSpec;

@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Submit training jobs, follow them, cancel them")
class JobController {

    static final String EXAMPLE_SPEC = """
            {
              "name": "moons-mlp",
              "dataset": {"builtin": "moons", "samples": 1000, "noise": 0.2},
              "model": {"type": "mlp", "hidden": [32, 32], "activation": "relu"},
              "loss": "cross_entropy",
              "optimizer": {"type": "adam", "learningRate": 0.01},
              "training": {"epochs": 20, "batchMode": "mini_batch", "batchSize": 32, "seed": 42, "device": "auto"},
              "validation": {"strategy": "holdout", "validationFraction": 0.2, "testFraction": 0.2}
            }""";

    private final JobService jobs;
    private final CurrentCaller caller;

    public JobController(JobService jobs, CurrentCaller caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    @PostMapping
    @Operation(summary = "Submit a job", description = """
            Validates the spec, fills in every default and queues the job. The answer is the job with its full spec: \
            exactly what will run. Unknown fields are an error. Invalid specs get 400 problem details whose `errors` \
            name each bad field and what is allowed.""")
    @ApiResponse(responseCode = "201", description = "queued; Location names the job")
    @ApiResponse(responseCode = "429", description = "the tenant has as many queued jobs as allowed "
            + "(training.limits.max-queued-per-tenant)")
    @ApiResponse(responseCode = "400", description = "invalid spec",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
    public ResponseEntity<JobView> submit(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "the job spec; only `dataset` is required",
                    content = @Content(schema = @Schema(implementation = JobSpec.class),
                            examples = {
                                    @ExampleObject(name = "moons", summary = "an MLP on the moons generator", value = EXAMPLE_SPEC),
                                    @ExampleObject(name = "minimal", summary = "only the dataset; defaults for the rest",
                                            value = "{\"dataset\": {\"builtin\": \"moons\"}}"),
                                    @ExampleObject(name = "sine-regression", summary = "regression on a noisy sine",
                                            value = """
                                                    {"dataset": {"builtin": "sine", "samples": 500, "noise": 0.1},
                                                     "model": {"hidden": [32, 32], "activation": "tanh"},
                                                     "optimizer": {"type": "adam", "learningRate": 0.01},
                                                     "training": {"epochs": 40}}""")}))
            @RequestBody(required = false) JobSpec spec) {
        JobView job = jobs.submit(spec, caller.tenant());
        return ResponseEntity.created(URI.create("/api/v1/jobs/" + job.id())).body(job);
    }

    @GetMapping
    @Operation(summary = "List jobs", description = "Newest first, paged. `updatedAfter` returns only jobs changed since then.")
    public JobPage list(
            @Parameter(description = "only these states (repeat or comma-separate)") @RequestParam(required = false) List<JobStatus> status,
            @Parameter(description = "ISO-8601 instant; only jobs updated after it") @RequestParam(required = false) Instant updatedAfter,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return jobs.list(caller.visibleTenant(), status, updatedAfter, page, size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a job", description = """
            Status, statusMessage, progress (epoch, totalEpochs, fraction, etaSeconds), the latest metrics, and the \
            result once done. Carries an ETag; send it back as If-None-Match to get 304 while nothing changed.""")
    @ApiResponse(responseCode = "200", description = "the job")
    @ApiResponse(responseCode = "304", description = "unchanged since the ETag given")
    @ApiResponse(responseCode = "404", description = "no such job")
    public ResponseEntity<JobView> get(@PathVariable UUID id,
                                       @RequestHeader(value = "If-None-Match", required = false) String ifNoneMatch) {
        JobService.VersionedJob job = jobs.getVersioned(id, caller.visibleTenant());
        String etag = "\"" + job.version() + "\"";
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ResponseEntity.ok().eTag(etag).body(job.view());
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a job", description = """
            A queued job is cancelled at once; a running one becomes CANCELLING and stops at the next batch (its \
            training process is killed if it has not stopped within the grace period). 409 for finished jobs.""")
    @ApiResponse(responseCode = "202", description = "cancel accepted")
    @ApiResponse(responseCode = "409", description = "the job already finished")
    public ResponseEntity<JobView> cancel(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(jobs.cancel(id, caller.visibleTenant()));
    }
}
