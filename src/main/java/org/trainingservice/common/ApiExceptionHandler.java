package org.trainingservice.common;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as RFC 9457 problem details with a {@code detail} a person can act on; bad request bodies also
 * carry {@code errors: [{field, message}]} naming each offending field path.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

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
        // a list parameter (?status=a,b) names List as its type; the element type is what the client must match
        Class<?> type = ResolvableType.forMethodParameter(e.getParameter()).asCollection().resolveGeneric(0);
        type = type != null ? type : e.getRequiredType();
        String value = e.getValue() instanceof String[] values ? String.join(",", values) : String.valueOf(e.getValue());
        String expected = type == null ? "another value" : type.getSimpleName();
        if (type != null && type.isEnum()) {
            expected = "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).toList()
                    + " (any case" + (type != e.getRequiredType() ? "; repeat the parameter or comma-separate" : "") + ")";
        }
        FieldProblem p = new FieldProblem(e.getName(), "'" + value + "' is not valid; expected " + expected);
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
        FieldProblem p = UnreadableBody.describe(ex, limits.maxJsonDepth());
        ProblemDetail body = withErrors(problem(HttpStatus.BAD_REQUEST, "Invalid request body",
                p.field().isEmpty() ? p.message() : p.field() + ": " + p.message()), List.of(p));
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return missing(ex.getParameterName(), ex.getParameterType());
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException ex,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        return missing(ex.getRequestPartName(), "file");
    }

    private ResponseEntity<Object> missing(String name, String type) {
        FieldProblem p = new FieldProblem(name, "is required" + ("file".equals(type) ? ": send it as a file part"
                : " (" + type.toLowerCase() + ")"));
        return ResponseEntity.badRequest()
                .body(withErrors(problem(HttpStatus.BAD_REQUEST, "Invalid request", name + ": " + p.message()), List.of(p)));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        // without the header Spring assumes application/octet-stream: say what was really sent
        String header = request.getHeader(HttpHeaders.CONTENT_TYPE);
        String sent = header == null || header.isBlank() ? "no Content-Type" : "Content-Type " + header;
        String wanted = ex.getSupportedMediaTypes().stream().filter(t -> !t.isWildcardType())
                .map(MediaType::toString).distinct().collect(Collectors.joining(" or "));
        ProblemDetail body = problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                "the request was sent with " + sent + "; send it with Content-Type: " + wanted);
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(headers).body(body);
    }

    /** Spring's own problems (405, 406, 404 for unknown paths, ...) get the same shape as ours: with {@code errors}. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail detail) {
            shaped(detail);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
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

    /** A problem of the one shape every error has: type, title, status, detail, instance and {@code errors}. */
    public static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return shaped(problem);
    }

    private static ProblemDetail shaped(ProblemDetail problem) {
        problem.setType(URI.create("about:blank"));
        if (problem.getProperties() == null || !problem.getProperties().containsKey("errors")) {
            problem.setProperty("errors", List.of());
        }
        return problem;
    }

    private static ProblemDetail withErrors(ProblemDetail problem, List<FieldProblem> problems) {
        problem.setProperty("errors", problems);
        return problem;
    }
}
