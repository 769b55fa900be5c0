package io.relais.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;

/**
 * An upload over the limit, or a multipart body that cannot be parsed, is refused before any controller runs, so
 * this advice is global: problem+json under /api, a clear page elsewhere.
 */
@ControllerAdvice
class UploadLimit {
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    Object tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Payload too large\",\"status\":413,"
                    + "\"detail\":\"The upload is larger than the configured limit\"}");
            return null;
        }
        var mav = new ModelAndView("error/page");
        mav.setStatus(HttpStatus.PAYLOAD_TOO_LARGE);
        mav.addObject("status", 413);
        mav.addObject("messageKey", "error.tooLarge");
        return mav;
    }

    /** A multipart body the server cannot parse (cut short, no boundary, a broken part header): the client's fault. */
    @ExceptionHandler(MultipartException.class)
    Object malformed(MultipartException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (RequestBodyLimit.causedByTooLarge(e)) {
            return tooLarge(request, response);
        }
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            response.setStatus(400);
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Bad request\",\"status\":400,"
                    + "\"detail\":\"The multipart body is malformed\"}");
            return null;
        }
        var mav = new ModelAndView("error/page");
        mav.setStatus(HttpStatus.BAD_REQUEST);
        mav.addObject("status", 400);
        mav.addObject("messageKey", "error.invalid");
        return mav;
    }
}
