package org.trainingservice.dataset;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.trainingservice.common.CurrentCaller;
import org.trainingservice.common.InvalidRequestException;

@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Upload CSV or IDX data, inspect its schema, use it in jobs")
class DatasetController {

    private final DatasetService datasets;
    private final BuiltinDatasets builtins;
    private final CurrentCaller caller;

    public DatasetController(DatasetService datasets, BuiltinDatasets builtins, CurrentCaller caller) {
        this.datasets = datasets;
        this.builtins = builtins;
        this.caller = caller;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a dataset", description = """
            CSV: send `file` (header row; comma, semicolon or tab; UTF-8) with `target`, the label column. IDX (MNIST \
            format, gzip or raw): send `images` and `labels`. Numeric columns stay numeric, text columns with few \
            values become one-hot categories, ids, dates and free text are left out (the schema says why), missing \
            values are counted and imputed, rows without a target are dropped. Use the answer's `id` in a job: \
            `{"dataset": {"id": "..."}}`.""")
    @ApiResponse(responseCode = "201", description = "stored; the schema and statistics")
    @ApiResponse(responseCode = "400", description = "the file cannot be used; `errors` name the row or column")
    @ApiResponse(responseCode = "413", description = "larger than spring.servlet.multipart.max-file-size")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = UploadForm.class)))
    public ResponseEntity<DatasetView> upload(
            // the form is documented as a whole by UploadForm, as form fields rather than query parameters
            @Parameter(hidden = true) @RequestParam String name,
            @Parameter(hidden = true) @RequestPart(required = false) MultipartFile file,
            @Parameter(hidden = true) @RequestPart(required = false) MultipartFile images,
            @Parameter(hidden = true) @RequestPart(required = false) MultipartFile labels,
            @Parameter(hidden = true) @RequestParam(required = false) String target,
            @Parameter(hidden = true) @RequestParam(required = false) String task,
            @Parameter(hidden = true) @RequestParam(required = false) String ignore)
            throws IOException {
        boolean idx = images != null || labels != null;
        if (file != null && idx) {
            throw new InvalidRequestException("file", "send either a CSV 'file' or IDX 'images' and 'labels', not both");
        }
        DatasetView view;
        if (file != null) {
            view = datasets.uploadCsv(caller.tenant(), name, file.getBytes(), target, task, parseIgnore(ignore));
        } else if (images != null && labels != null) {
            view = datasets.uploadIdx(caller.tenant(), name, images.getBytes(), labels.getBytes(), task);
        } else {
            throw new InvalidRequestException(images != null ? "labels" : labels != null ? "images" : "file",
                    "send a CSV as 'file', or IDX 'images' together with 'labels'");
        }
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + view.id())).body(view);
    }

    @GetMapping
    @Operation(summary = "List datasets", description = "Newest first, paged; without the schemas.")
    public DatasetPage list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return datasets.list(caller.visibleTenant(), page, size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a dataset", description = "Rows, encoded features, per-column types, missing counts, "
            + "statistics, class balance, and the columns left out with the reason.")
    public DatasetView get(@PathVariable UUID id) {
        return datasets.get(id, caller.visibleTenant());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a dataset", description = "409 while a queued or running job uses it.")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "409", description = "a queued or running job uses the dataset")
    public ResponseEntity<Void> delete(@PathVariable UUID id) {
        datasets.delete(id, caller.visibleTenant());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/builtin")
    @Operation(summary = "Built-in generators", description = "Use one in a job as {\"dataset\": {\"builtin\": NAME, ...parameters}}.")
    public List<BuiltinGenerator> builtin() {
        return builtins.generators();
    }

    private static Set<String> parseIgnore(String ignore) {
        if (ignore == null || ignore.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(ignore.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
