package io.relais.sla.web;

import io.relais.security.Actor;
import io.relais.sla.TicketClocks;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * A ticket's SLA clocks with their "why": loaded into the ticket page's side panel (htmx), or as a
 * page of its own without JavaScript.
 */
@Controller
class SlaTicketController {
    private final TicketClocks ticketClocks;

    SlaTicketController(TicketClocks ticketClocks) {
        this.ticketClocks = ticketClocks;
    }

    @GetMapping("/tickets/{id}/sla")
    String clocks(@PathVariable long id, @RequestHeader(name = "HX-Request", required = false) String htmx, Actor actor,
                  Model model) {
        actor.requireAgent();
        model.addAttribute("ticketId", id);
        model.addAttribute("clocks", ticketClocks.explain(actor, id));
        return htmx != null ? "sla/clocks :: clocks" : "sla/clocks";
    }
}
