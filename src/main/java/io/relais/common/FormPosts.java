package io.relais.common;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The one way admin forms are saved: redirect on success, the same page with the problems on bad input. */
public final class FormPosts {
    private FormPosts() {}

    public static String save(Supplier<?> change, String back, RedirectAttributes flash, Model model,
                              HttpServletResponse response, Supplier<String> page) {
        try {
            change.get();
            flash.addFlashAttribute("saved", true);
            return "redirect:" + back;
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("problems", e.fields());
            return page.get();
        } catch (ConflictException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("problems", List.of(new InvalidInputException.FieldProblem("", e.getMessage())));
            return page.get();
        }
    }
}
