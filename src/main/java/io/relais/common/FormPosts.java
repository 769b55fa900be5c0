package io.relais.common;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The one way admin forms are saved: redirect on success; on bad input the same page again, 422 (409 for a
 * conflict), rendered from the form as the person typed it (the page's {@code form} attribute, bound from the
 * request) with each problem beside its field ({@code web/fragments :: problem}).
 */
public final class FormPosts {
    private FormPosts() {}

    public static String save(Supplier<?> change, String back, RedirectAttributes flash, Model model,
                              HttpServletResponse response, Supplier<String> page) {
        return save(null, change, back, flash, model, response, page);
    }

    /** As above; values the binder could not read (a letter in a number, an unknown choice) are refused first. */
    public static String save(BindingResult binding, Supplier<?> change, String back, RedirectAttributes flash, Model model,
                              HttpServletResponse response, Supplier<String> page) {
        if (binding != null && binding.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("problems", problems(binding));
            return page.get();
        }
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

    /** The binder's refusals as field problems: "not a valid value" beside each field it could not read. */
    public static List<InvalidInputException.FieldProblem> problems(BindingResult binding) {
        var out = new ArrayList<InvalidInputException.FieldProblem>();
        binding.getFieldErrors().forEach(e -> out.add(new InvalidInputException.FieldProblem(e.getField(), "not a valid value")));
        binding.getGlobalErrors().forEach(e -> out.add(new InvalidInputException.FieldProblem("", "not a valid value")));
        return out;
    }
}
