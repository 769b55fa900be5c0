package io.relais.knowledge.web;

import io.relais.knowledge.KbSearch;
import io.relais.knowledge.KbTickets;
import io.relais.security.Actor;
import io.relais.ticket.TicketReads;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The knowledge panel of the ticket page: suggested articles, those used to solve it, "write an article from it". */
@Controller
class KbTicketPanel {
    private final KbTickets kbTickets;
    private final KbSearch search;
    private final TicketReads tickets;

    KbTicketPanel(KbTickets kbTickets, KbSearch search, TicketReads tickets) {
        this.kbTickets = kbTickets;
        this.search = search;
        this.tickets = tickets;
    }

    @GetMapping("/kb/ticket/{ticketId}")
    String ticketPanel(@PathVariable long ticketId, Actor actor, Model model) {
        actor.requireAgent();
        var ticket = tickets.require(actor, ticketId);
        var onTicket = kbTickets.onTicket(actor, ticketId);
        var used = onTicket.used().stream().map(r -> r.id()).toList();
        model.addAttribute("ticket", ticket);
        model.addAttribute("knowledge", onTicket);
        model.addAttribute("suggested", search.suggest(actor, ticket.subject(), ticket.description(), ticket.organization().id(), 5).stream()
                .filter(r -> !used.contains(r.id())).toList());
        return "knowledge/ticket-panel :: panel";
    }

    @PostMapping("/kb/ticket/{ticketId}/used")
    String used(@PathVariable long ticketId, @RequestParam long articleId, @RequestParam(defaultValue = "true") boolean used,
                Actor actor, Model model) {
        if (used) {
            kbTickets.markUsed(actor, articleId, ticketId);
        } else {
            kbTickets.unmarkUsed(actor, articleId, ticketId);
        }
        return ticketPanel(ticketId, actor, model);
    }
}
