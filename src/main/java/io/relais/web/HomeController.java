package io.relais.web;

import io.relais.security.Accounts;
import io.relais.security.Actor;
import io.relais.security.CurrentActor;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class HomeController {
    private final CurrentActor currentActor;
    private final Accounts accounts;

    HomeController(CurrentActor currentActor, Accounts accounts) {
        this.currentActor = currentActor;
        this.accounts = accounts;
    }

    @GetMapping("/")
    String home() {
        return currentActor.find().map(a -> a.isAgent() ? "redirect:/queues/mine" : "redirect:/my/tickets")
                .orElse("redirect:/login");
    }

    @GetMapping("/login")
    String login() {
        if (accounts.setupRequired()) {
            return "redirect:/setup";
        }
        return currentActor.find().isPresent() ? "redirect:/" : "web/login";
    }

    /** The language switch of the user menu: remembered in a cookie and on the account. */
    @PostMapping("/lang")
    String language(@RequestParam("l") String language, @RequestParam(name = "back", required = false) String back,
                    Actor actor, HttpServletRequest request, HttpServletResponse response) {
        var lang = "fr".equals(language) ? "fr" : "en";
        var cookie = new Cookie(WebConfig.LANGUAGE_COOKIE, lang);
        cookie.setPath("/");
        cookie.setMaxAge(365 * 24 * 3600);
        cookie.setHttpOnly(true);
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
        accounts.changeLocale(actor.accountId(), lang);
        return "redirect:" + safeBack(back);
    }

    /** Only paths of this site: never an open redirect. */
    static String safeBack(String back) {
        if (back == null || !back.startsWith("/") || back.startsWith("//") || back.contains("\\") || back.contains("\r")
                || back.contains("\n")) {
            return "/";
        }
        return back;
    }
}
