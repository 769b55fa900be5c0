package io.relais.ticket.web;

import io.relais.common.FormPosts;
import io.relais.common.InvalidInputException;
import io.relais.security.Actor;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketSettings;
import io.relais.ticket.TicketViews.Category;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administration of the category tree and of the impact x urgency priority matrix. */
@Controller
class TicketSettingsController {
    private final TicketSettings settings;

    TicketSettingsController(TicketSettings settings) {
        this.settings = settings;
    }

    @GetMapping("/admin/categories")
    String categories(@RequestParam(required = false) Long edit, Model model) {
        var all = settings.categories();
        model.addAttribute("form", all.stream().filter(c -> edit != null && c.id() == edit).findFirst().map(CategoryFields::of)
                .orElseGet(CategoryFields::empty));
        return categoriesPage(all, model);
    }

    /** The page around the form in the model (as stored, or as typed when refused). */
    private static String categoriesPage(List<Category> all, Model model) {
        model.addAttribute("categories", all);
        return "ticket/categories";
    }

    @PostMapping("/admin/categories")
    String saveCategory(@ModelAttribute("form") CategoryFields form, BindingResult binding, Actor actor, Model model,
                        RedirectAttributes flash, HttpServletResponse response) {
        actor.requireAdmin();
        return FormPosts.save(binding, () -> settings.saveCategory(actor, form.id(), form.parentId(), form.nameEn(), form.nameFr(),
                form.positionNumber(), form.activeOnSave()), "/admin/categories", flash, model, response,
                () -> categoriesPage(settings.categories(), model));
    }

    @GetMapping("/admin/priorities")
    String priorities(Model model) {
        model.addAttribute("matrix", settings.matrix());
        model.addAttribute("impacts", Impact.values());
        model.addAttribute("urgencies", Urgency.values());
        model.addAttribute("levels", Priority.values());
        return "ticket/priorities";
    }

    /** Every cell of the matrix in one form: {@code cell_IMPACT_URGENCY=P2}. */
    @PostMapping("/admin/priorities")
    String savePriorities(@RequestParam Map<String, String> cells, Actor actor, RedirectAttributes flash) {
        for (var impact : Impact.values()) {
            for (var urgency : Urgency.values()) {
                var value = cells.get("cell_" + impact + "_" + urgency);
                if (value != null) {
                    try {
                        settings.setPriority(actor, impact, urgency, Priority.valueOf(value));
                    } catch (IllegalArgumentException e) {
                        throw InvalidInputException.field("cell_" + impact + "_" + urgency, "P1 to P4");
                    }
                }
            }
        }
        flash.addFlashAttribute("saved", true);
        return "redirect:/admin/priorities";
    }
}
