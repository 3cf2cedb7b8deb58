package org.trainingservice.common;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error leaves as RFC 9457 problem details with a {@code detail} a person can act on; bad request bodies also
 * carry {@code errors: [{field, message}]} naming each offending field path.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final DatabaseUnavailable databaseUnavailable;
    private final LimitsProperties limits;

    public ApiExceptionHandler(DatabaseUnavailable databaseUnavailable, LimitsProperties limits) {
        this.databaseUnavailable = databaseUnavailable;
        this.limits = limits;
    }

    @ExceptionHandler(InvalidRequestException.class)
    public ProblemDetail invalid(InvalidRequestException e) {
        return withErrors(problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage()), e.problems());
    }

    @ExceptionHandler(NotFoundException.class)
    public ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    public ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler(TooManyRequestsException.class)
    public ProblemDetail tooMany(TooManyRequestsException e) {
        return problem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "another value" : e.getRequiredType().getSimpleName();
        if (e.getRequiredType() != null && e.getRequiredType().isEnum()) {
            expected = "one of " + Arrays.stream(e.getRequiredType().getEnumConstants()).map(Object::toString).toList();
        }
        FieldProblem p = new FieldProblem(e.getName(), "'" + e.getValue() + "' is not valid; expected " + expected);
        return withErrors(problem(HttpStatus.BAD_REQUEST, "Invalid request", p.field() + ": " + p.message()), List.of(p));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (databaseUnavailable.explains(e)) {
            // expected while the database is down: one line, not a stack trace per request
            log.warn("answered 503: the database is unavailable ({})", rootMessage(e));
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS))
                    .body(DatabaseUnavailable.problem());
        }
        log.error("unexpected error", e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the server failed to handle the request; the error was logged"));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof RequestSizeLimitFilter.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", tooLarge.detail()));
            }
        }
        FieldProblem p = describe(ex);
        ProblemDetail body = withErrors(problem(HttpStatus.BAD_REQUEST, "Invalid request body",
                p.field().isEmpty() ? p.message() : p.field() + ": " + p.message()), List.of(p));
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(f -> problems.add(new FieldProblem(f.getField(), f.getDefaultMessage())));
        String detail = problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().body(withErrors(problem(HttpStatus.BAD_REQUEST, "Invalid request", detail), problems));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
                                                                           HttpHeaders headers, HttpStatusCode status,
                                                                           WebRequest request) {
        String limit = ex.getMaxUploadSize() > 0 ? " of " + ex.getMaxUploadSize() + " bytes" : "";
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                "Upload too large", "the upload exceeds the limit" + limit
                        + " (spring.servlet.multipart.max-file-size); split or compress the data"));
    }

    private FieldProblem describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof StreamConstraintsException c && c.getOriginalMessage().contains("nesting depth")) {
            return new FieldProblem(path(c), "the JSON nests more than " + limits.maxJsonDepth()
                    + " levels deep, the most accepted (training.limits.max-json-depth=" + limits.maxJsonDepth() + ")");
        }
        if (cause instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : "; known fields here: "
                    + u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            return new FieldProblem(path(u), "unknown field '" + u.getPropertyName() + "'" + known);
        }
        if (cause instanceof InvalidFormatException f) {
            Class<?> target = f.getTargetType();
            String allowed = target != null && target.isEnum() ? "one of " + enumNames(target) : "a " + typeName(target);
            return new FieldProblem(path(f), "'" + f.getValue() + "' is not valid; expected " + allowed);
        }
        if (cause instanceof MismatchedInputException m && m.getPath().isEmpty()) {
            return new FieldProblem("", "the body must be a JSON object with the fields the API documentation shows, "
                    + "not an array or a single value");
        }
        if (cause instanceof StreamReadException s) {
            return new FieldProblem("", "the body is not valid JSON: " + s.getOriginalMessage());
        }
        if (cause instanceof JacksonException j) {
            return new FieldProblem(path(j), j.getOriginalMessage());
        }
        return new FieldProblem("", "the request body is missing or unreadable; send a JSON document");
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static List<String> enumNames(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> {
            try {
                var annotation = type.getField(((Enum<?>) c).name())
                        .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                return annotation != null ? annotation.value() : c.toString();
            } catch (NoSuchFieldException e) {
                return c.toString();
            }
        }).toList();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value of another type";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number (" + type.getSimpleName().toLowerCase() + ")";
        }
        return type.getSimpleName();
    }

    public static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("about:blank"));
        return problem;
    }

    private static ProblemDetail withErrors(ProblemDetail problem, List<FieldProblem> problems) {
        problem.setProperty("errors", problems);
        return problem;
    }
}
