package org.trainingservice.common.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.trainingservice.common.DatabaseUnavailable;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem details from filters, where no controller advice runs. */
final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    /** The 503 that {@code ApiExceptionHandler} gives for an unavailable database, from a filter. */
    static void writeDatabaseUnavailable(HttpServletResponse response, String instance) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
        write(response, 503, DatabaseUnavailable.TITLE, DatabaseUnavailable.DETAIL, instance);
    }

    static void write(HttpServletResponse response, int status, String title, String detail, String instance) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        body.put("errors", List.of());  // the shape every problem has (see ApiExceptionHandler)
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
