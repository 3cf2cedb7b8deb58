package org.trainingservice.experiment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.trainingservice.common.CurrentCaller;
import org.trainingservice.common.InvalidRequestException;
import org.trainingservice.common.ProblemSchema;
import org.trainingservice.inference.ModelArchive;
import org.trainingservice.inference.PredictionRequest;
import org.trainingservice.inference.PredictionResponse;
import org.trainingservice.inference.PredictionService;
import org.trainingservice.inference.StoredModel;
import org.trainingservice.metrics.JobEventStream;

@RestController
@RequestMapping("/api/v1/experiments")
@Tag(name = "Experiments", description = "Hyperparameter searches whose trials are ordinary jobs")
class ExperimentController {

    static final String EXAMPLE = """
            {
              "name": "moons-search",
              "baseSpec": {"dataset": {"builtin": "moons", "samples": 1000}, "training": {"epochs": 27}},
              "searchSpace": {
                "optimizer.learningRate": {"type": "loguniform", "min": 0.0001, "max": 0.1},
                "model.hidden": {"type": "choice", "values": [[32], [64, 64]]},
                "model.dropout": {"type": "uniform", "min": 0.0, "max": 0.5}
              },
              "searcher": {"type": "asha", "maxTrials": 27, "maxConcurrentTrials": 4, "seed": 1,
                           "minEpochs": 1, "reductionFactor": 3},
              "objective": {"metric": "val_loss", "mode": "min"}
            }""";

    private final ExperimentService experiments;
    private final ExperimentReader reader;
    private final ExperimentStore store;
    private final JobEventStream stream;
    private final PredictionService predictions;
    private final ModelArchive archive;
    private final CurrentCaller caller;

    public ExperimentController(ExperimentService experiments, ExperimentReader reader, ExperimentStore store,
                                JobEventStream stream, PredictionService predictions, ModelArchive archive,
                                CurrentCaller caller) {
        this.experiments = experiments;
        this.reader = reader;
        this.store = store;
        this.stream = stream;
        this.predictions = predictions;
        this.archive = archive;
        this.caller = caller;
    }

    @PostMapping
    @Operation(summary = "Start an experiment", description = """
            Checks the base spec like a job, the search space against the job spec's fields (each parameter is tried \
            at its extremes), and the searcher's budget against the limits; then trials start at once, each an \
            ordinary job (GET /api/v1/jobs/{id} shows its `experiment`). See docs/experiments.md.""")
    @ApiResponse(responseCode = "201", description = "running; Location names the experiment")
    @ApiResponse(responseCode = "400", description = "invalid experiment: `errors` names each field and the fix",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
    public ResponseEntity<ExperimentView> submit(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = ExperimentSpec.class), examples = {
                    @ExampleObject(name = "asha", summary = "27 trials of successive halving on moons", value = EXAMPLE),
                    @ExampleObject(name = "auto", summary = "only a dataset: a default space, random search",
                            value = "{\"baseSpec\": {\"dataset\": {\"builtin\": \"moons\"}}, \"searchSpace\": \"auto\", "
                                    + "\"searcher\": {\"type\": \"random\", \"maxTrials\": 12}}"),
                    @ExampleObject(name = "grid", summary = "a one-parameter grid: the bias-variance picture",
                            value = "{\"baseSpec\": {\"dataset\": {\"builtin\": \"moons\", \"noise\": 0.3}, "
                                    + "\"training\": {\"epochs\": 40}}, \"searchSpace\": {\"model.hidden\": "
                                    + "{\"type\": \"grid\", \"values\": [[2], [8], [32], [128, 128]]}}, "
                                    + "\"searcher\": {\"type\": \"grid\"}}")}))
            @RequestBody(required = false) ExperimentSpec spec) {
        ExperimentView view = experiments.submit(spec, caller.tenant());
        return ResponseEntity.created(URI.create("/api/v1/experiments/" + view.id())).body(view);
    }

    @GetMapping
    @Operation(summary = "List experiments", description = "Newest first, paged.")
    public ExperimentPage list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return reader.list(caller.visibleTenant(), page, size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get an experiment", description = "Status, trial counts, the best trial, progress and transitions.")
    @ApiResponse(responseCode = "200", description = "the experiment")
    @ApiResponse(responseCode = "404", description = "no such experiment for this caller")
    public ExperimentView get(@PathVariable UUID id) {
        return reader.get(id, caller.visibleTenant());
    }

    @GetMapping("/{id}/trials")
    @Operation(summary = "The leaderboard", description = """
            One row per trial. `sort`: objective (default) or trialNumber; `order`: asc, desc or best (best first \
            for the objective's mode, the default). Trials without an objective yet come last.""")
    public TrialPage trials(@PathVariable UUID id, @RequestParam(defaultValue = "objective") String sort,
                            @RequestParam(defaultValue = "best") String order, @RequestParam(defaultValue = "0") int page,
                            @RequestParam(defaultValue = "50") int size) {
        return reader.leaderboard(id, caller.visibleTenant(), sort, order, page, size);
    }

    @PostMapping("/{id}/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Cancel an experiment", description = """
            Stops proposing trials and cancels its queued, running and paused trials; the experiment is CANCELLED \
            once its running trials stopped. 409 when it already ended.""")
    @ApiResponse(responseCode = "202", description = "cancel accepted")
    @ApiResponse(responseCode = "409", description = "the experiment already ended or is cancelling")
    public ExperimentView cancel(@PathVariable UUID id) {
        return experiments.cancel(id, caller.visibleTenant());
    }

    @GetMapping(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Stream an experiment's events", description = """
            Server-Sent Events: `trial_started`, `trial_reported` (a trial's objective after an epoch count, \
            `paused` when it waits at a rung), `trial_promoted`, `trial_pruned`, `best_changed`, and `finished` \
            (then the stream ends). Reconnect with `Last-Event-ID` to get exactly the events missed.""")
    @ApiResponse(responseCode = "200", description = "the event stream", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
            description = "text/event-stream: `id:`, `event:` and `data:` (a JSON object) lines per event"),
            examples = @ExampleObject(value = "id: 12\nevent: trial_reported\ndata: {\"trialNumber\": 4, \"epoch\": 3, "
                    + "\"objective\": 0.284, \"paused\": true}\n\n")))
    public SseEmitter events(@PathVariable UUID id,
                             @RequestHeader(value = "Last-Event-ID", required = false) String lastEventIdHeader,
                             @Parameter(description = "alternative to the Last-Event-ID header")
                             @RequestParam(required = false) String lastEventId) {
        reader.get(id, caller.visibleTenant());
        long cursor = JobEventStream.cursor(lastEventIdHeader, lastEventId);
        return stream.open((from, limit) -> store.eventsAfter(id, from, limit), cursor);
    }

    @PostMapping("/{id}/predict")
    @Operation(summary = "Predict with the best trial, or the mean of the best trials", description = """
            The best trial's predictions, as POST /api/v1/jobs/{jobId}/predict for that trial's job. With \
            `ensemble=N`, the mean of the best N trials that trained to the end (fewer while fewer have): each class's \
            probability averaged over their models, the prediction the class with the highest mean; for regression \
            the predictions averaged. `trials` names the trials that answered. 409 while no trial has a result.""")
    @ApiResponse(responseCode = "200", description = "one prediction per instance")
    @ApiResponse(responseCode = "400", description = "ensemble out of range, or instances the model cannot read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
    @ApiResponse(responseCode = "409", description = "no trial has a result yet")
    public ExperimentPrediction predict(@PathVariable UUID id,
                                        @Parameter(description = "how many of the best trials' predictions to average, "
                                                + "1 to 20; 1: the best trial alone", example = "5")
                                        @RequestParam(defaultValue = "1") int ensemble,
                                        @RequestBody PredictionRequest request) {
        String tenant = caller.visibleTenant();
        List<ExperimentService.Predictor> members = experiments.predictors(id, tenant, ensemble);
        PredictionResponse answer = predictions.predictMean(
                members.stream().map(ExperimentService.Predictor::jobId).toList(), tenant, request);
        return ExperimentPrediction.of(answer, members.stream().map(ExperimentService.Predictor::trialNumber).toList());
    }

    @GetMapping(value = "/{id}/model", produces = "application/zip")
    @Operation(summary = "Download the best trial's model", description = "As GET /api/v1/jobs/{jobId}/model for the best trial.")
    @ApiResponse(responseCode = "200", description = "the model archive", content = @Content(mediaType = "application/zip",
            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "409", description = "no trial has a result yet")
    public ResponseEntity<StreamingResponseBody> model(@PathVariable UUID id) {
        String tenant = caller.visibleTenant();
        UUID job = experiments.bestJob(id, tenant);
        StoredModel stored = predictions.storedModel(job, tenant);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"model-" + job + ".zip\"")
                .contentType(MediaType.parseMediaType("application/zip"))
                .body(out -> archive.write(stored, out));
    }
}
