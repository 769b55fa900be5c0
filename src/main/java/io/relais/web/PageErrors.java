package io.relais.web;

import io.relais.common.ConflictException;
import io.relais.common.ForbiddenException;
import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors of HTML pages: an error page in the person's language, with the right status. REST
 * controllers are also {@code @Controller}s: {@link ApiProblems} has precedence for them.
 */
@ControllerAdvice(annotations = Controller.class)
@org.springframework.core.annotation.Order(0)
class PageErrors {

    @ExceptionHandler({NotFoundException.class, MethodArgumentTypeMismatchException.class})
    ModelAndView notFound() {
        return page(HttpStatus.NOT_FOUND, "error.notFound");
    }

    @ExceptionHandler(ForbiddenException.class)
    ModelAndView forbidden() {
        return page(HttpStatus.FORBIDDEN, "error.forbidden");
    }

    @ExceptionHandler(ConflictException.class)
    ModelAndView conflict(ConflictException e) {
        var mav = page(HttpStatus.CONFLICT, "error.conflict");
        mav.addObject("detail", e.getMessage());
        return mav;
    }

    @ExceptionHandler(InvalidInputException.class)
    ModelAndView invalid(InvalidInputException e) {
        var mav = page(HttpStatus.UNPROCESSABLE_CONTENT, "error.invalid");
        mav.addObject("problems", e.fields());
        return mav;
    }

    private static ModelAndView page(HttpStatus status, String messageKey) {
        var mav = new ModelAndView("error/page");
        mav.setStatus(status);
        mav.addObject("status", status.value());
        mav.addObject("messageKey", messageKey);
        return mav;
    }
}
