package io.relais.directory.web;

import io.relais.common.ConflictException;
import io.relais.common.InvalidInputException;
import io.relais.directory.FirstRun;
import io.relais.security.Accounts;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/** First run: an empty database shows this page, which creates the first administrator. */
@Controller
class SetupController {
    private final Accounts accounts;
    private final FirstRun firstRun;

    SetupController(Accounts accounts, FirstRun firstRun) {
        this.accounts = accounts;
        this.firstRun = firstRun;
    }

    /** As the page posts it; shown again without the passwords. */
    record SetupForm(String name, String email, String password, String passwordAgain) {
        SetupForm shown() {
            return new SetupForm(name, email, null, null);
        }
    }

    @GetMapping("/setup")
    String showSetupForm(Model model) {
        if (!accounts.setupRequired()) {
            return "redirect:/login";
        }
        model.addAttribute("form", new SetupForm("", "", "", ""));
        return "directory/setup";
    }

    @PostMapping("/setup")
    String createAdministrator(@ModelAttribute("form") SetupForm form, Model model, HttpServletResponse response) {
        try {
            firstRun.createAdministrator(form.name(), form.email(), form.password(), form.passwordAgain());
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("form", form.shown());
            model.addAttribute("problems", e.fields());
            return "directory/setup";
        } catch (ConflictException e) {
            return "redirect:/login";
        }
        return "redirect:/login?setup";
    }
}
