package io.relais.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors raised before any controller is chosen (no such route, wrong method, wrong content type):
 * problem+json under /api; pages are left to the normal error page by rethrowing.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiFallbackProblems {

    @ExceptionHandler({NoResourceFoundException.class, HttpRequestMethodNotSupportedException.class,
            HttpMediaTypeNotSupportedException.class, HttpMediaTypeNotAcceptableException.class})
    ResponseEntity<ProblemDetail> beforeAnyController(Exception e, HttpServletRequest request) throws Exception {
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            throw e;
        }
        HttpStatus status;
        if (e instanceof NoResourceFoundException) {
            status = HttpStatus.NOT_FOUND;
        } else if (e instanceof HttpRequestMethodNotSupportedException) {
            status = HttpStatus.METHOD_NOT_ALLOWED;
        } else if (e instanceof HttpMediaTypeNotSupportedException) {
            status = HttpStatus.UNSUPPORTED_MEDIA_TYPE;
        } else {
            status = HttpStatus.NOT_ACCEPTABLE;
        }
        var detail = switch (status) {
            case NOT_FOUND -> "No such API route";
            case METHOD_NOT_ALLOWED -> "This route does not accept " + request.getMethod();
            case UNSUPPORTED_MEDIA_TYPE -> "Send application/json (or multipart/form-data where files are accepted)";
            default -> "This route answers application/json";
        };
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ApiProblems.problem(status, status.getReasonPhrase(), detail, null));
    }
}
