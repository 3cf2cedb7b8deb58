package org.trainingservice.common.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.trainingservice.common.FieldProblem;
import org.trainingservice.common.InvalidRequestException;
import org.trainingservice.common.NotFoundException;

@RestController
@RequestMapping("/api/v1/admin/api-keys")
@Tag(name = "Admin", description = "API keys (admin keys only)")
class ApiKeyController {

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final ApiKeys keys;

    public ApiKeyController(ApiKeys keys) {
        this.keys = keys;
    }

    @Schema(description = "Who the key is for")
    public record KeyRequest(@Schema(example = "team-a") String tenant, @Schema(example = "user") String role) {
    }

    @PostMapping
    @Operation(summary = "Issue an API key", description = """
            Issues a key for a tenant with role `user` (sees only its tenant's datasets and jobs) or `admin` (sees \
            all, manages keys). The key is in this answer only: store it now.""")
    @ApiResponse(responseCode = "201", description = "issued; the key is in this answer only")
    public ResponseEntity<ApiKeys.IssuedKey> issue(@RequestBody KeyRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.tenant() == null || !TENANT.matcher(request.tenant()).matches()) {
            problems.add(new FieldProblem("tenant", "1 to 100 letters, digits, '.', '_' or '-'"));
        }
        String role = request.role() == null ? "user" : request.role();
        if (!role.equals("user") && !role.equals("admin")) {
            problems.add(new FieldProblem("role", "must be user or admin"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        ApiKeys.IssuedKey key = keys.issue(request.tenant(), role);
        return ResponseEntity.created(URI.create("/api/v1/admin/api-keys/" + key.id())).body(key);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API key", description = "Takes effect at once, on every node.")
    @ApiResponse(responseCode = "204", description = "revoked")
    public ResponseEntity<Void> revoke(@PathVariable UUID id) {
        if (!keys.revoke(id) && !keys.exists(id)) {
            throw new NotFoundException("api key", id);
        }
        return ResponseEntity.noContent().build();
    }
}
