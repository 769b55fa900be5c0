package io.relais.web;

import io.relais.common.ConflictException;
import io.relais.common.ForbiddenException;
import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import java.net.URI;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error of the REST API as {@code application/problem+json}: 400 for unreadable input,
 * 404 for what does not exist or is not the caller's to see, 409 for conflicts, 422 for invalid
 * values, with the offending fields. Nothing reaches the client as a stack trace or a bare 500.
 */
@RestControllerAdvice(annotations = RestController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ApiProblems extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        // Same answer for "does not exist" and "belongs to another organization".
        return problem(HttpStatus.NOT_FOUND, "Not found", "No " + e.kind() + " with this id is visible to you", null);
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid input", e.getMessage(), e.fields());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        var p = problem(HttpStatus.CONFLICT, "Conflict", e.getMessage(), null);
        if (!e.changesSince().isEmpty()) {
            p.setProperty("changesSince", e.changesSince());
        }
        return p;
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(), null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        var type = org.springframework.core.ResolvableType.forMethodParameter(e.getParameter());
        var element = type.isArray() || java.util.Collection.class.isAssignableFrom(type.toClass())
                ? type.asCollection().getGeneric(0).resolve() : type.resolve();
        return badValue(e.getName(), allowed(element));
    }

    @ExceptionHandler(org.springframework.orm.ObjectOptimisticLockingFailureException.class)
    ProblemDetail concurrent(Exception e) {
        return problem(HttpStatus.CONFLICT, "Conflict", "The object was changed by someone else at the same time; retry", null);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected API error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "Something went wrong on our side", null);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (RequestBodyLimit.causedByTooLarge(ex)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).header(HttpHeaders.CONNECTION, "close")
                    .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", ex.getMostSpecificCause().getMessage(), null));
        }
        List<InvalidInputException.FieldProblem> fields = null;
        var detail = "The request body is not valid JSON for this operation";
        if (ex.getCause() instanceof JacksonException je && !je.getPath().isEmpty()) {
            var path = je.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            var allowed = je instanceof MismatchedInputException mismatch ? allowed(mismatch.getTargetType()) : List.<String>of();
            if (!allowed.isEmpty()) {
                return ResponseEntity.badRequest().body(badValue(path, allowed));
            }
            fields = List.of(new InvalidInputException.FieldProblem(path, "invalid value or type"));
            detail = "Invalid value for " + path;
        } else if (ex.getCause() instanceof JacksonException) {
            detail = "Malformed JSON";
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Bad request", detail, fields));
    }

    /** A required query parameter left out: named, as a field, like any other missing value. */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            org.springframework.web.bind.MissingServletRequestParameterException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Bad request",
                "Required parameter '" + ex.getParameterName() + "' is not present",
                List.of(new InvalidInputException.FieldProblem(ex.getParameterName(), "required"))));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        var fields = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> new InvalidInputException.FieldProblem(f.getField(), f.getDefaultMessage())).toList();
        return ResponseEntity.unprocessableContent().body(problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid input", "Invalid input", fields));
    }

    /** A value the field does not take; for an enum, the problem lists the values it takes ({@code allowed}). */
    private static ProblemDetail badValue(String field, List<String> allowed) {
        if (allowed.isEmpty()) {
            return problem(HttpStatus.BAD_REQUEST, "Bad request", "Invalid value for " + field,
                    List.of(new InvalidInputException.FieldProblem(field, "invalid value")));
        }
        var oneOf = "one of " + String.join(", ", allowed);
        var p = problem(HttpStatus.BAD_REQUEST, "Bad request", "Invalid value for " + field + ": " + oneOf,
                List.of(new InvalidInputException.FieldProblem(field, oneOf)));
        p.setProperty("allowed", allowed);
        return p;
    }

    /** The names an enum type accepts; empty for any other type. */
    private static List<String> allowed(Class<?> type) {
        if (type == null || !type.isEnum()) {
            return List.of();
        }
        return java.util.Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail, List<InvalidInputException.FieldProblem> fields) {
        var p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        p.setType(URI.create("about:blank"));
        if (fields != null && !fields.isEmpty()) {
            p.setProperty("errors", fields.stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList());
        }
        return p;
    }
}
