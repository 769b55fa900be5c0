package io.relais.web;

import io.relais.notification.Notices;
import io.relais.security.Actor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/** The agent's notifications (SLA warnings and breaches): newest first, marked read together. */
@Controller
class NoticeController {
    private final Notices notices;

    NoticeController(Notices notices) {
        this.notices = notices;
    }

    @GetMapping("/notices")
    String list(Actor actor, Model model) {
        actor.requireAgent();
        model.addAttribute("notices", notices.latest(actor.personId(), 100));
        return "web/notices";
    }

    @PostMapping("/notices/read")
    String read(Actor actor) {
        actor.requireAgent();
        notices.markAllRead(actor.personId());
        return "redirect:/notices";
    }
}
