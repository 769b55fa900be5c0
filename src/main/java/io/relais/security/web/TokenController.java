package io.relais.security.web;

import io.relais.common.InvalidInputException;
import io.relais.security.Actor;
import io.relais.security.ApiTokens;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The user menu's API tokens page: create (shown once), list with last use, revoke. */
@Controller
class TokenController {
    private final ApiTokens tokens;

    TokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/account/tokens")
    String list(Actor actor, Model model) {
        model.addAttribute("tokens", tokens.list(actor));
        return "security/tokens";
    }

    @PostMapping("/account/tokens")
    String create(@RequestParam String name, Actor actor, RedirectAttributes flash) {
        try {
            flash.addFlashAttribute("secret", tokens.create(actor, name).secret());
        } catch (InvalidInputException e) {
            flash.addFlashAttribute("error", e.fields().get(0).message());
        }
        return "redirect:/account/tokens";
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revoke(@PathVariable long id, Actor actor) {
        tokens.revoke(actor, id);
        return "redirect:/account/tokens";
    }
}
