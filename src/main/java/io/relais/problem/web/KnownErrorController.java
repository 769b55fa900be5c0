package io.relais.problem.web;

import io.relais.common.InvalidInputException;
import io.relais.directory.Directory;
import io.relais.problem.KnownErrors;
import io.relais.problem.KnownErrors.Form;
import io.relais.problem.KnownErrors.Status;
import io.relais.security.Actor;
import io.relais.ticket.TicketReads;
import java.util.HashMap;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Known errors for agents: the list, one with its tickets, the editor, and the banner of a ticket page. */
@Controller
class KnownErrorController {
    private final KnownErrors errors;
    private final TicketReads tickets;
    private final Directory directory;

    KnownErrorController(KnownErrors errors, TicketReads tickets, Directory directory) {
        this.errors = errors;
        this.tickets = tickets;
        this.directory = directory;
    }

    @GetMapping("/known-errors")
    String list(@RequestParam(defaultValue = "true") boolean active, Actor actor, Model model) {
        model.addAttribute("errors", errors.list(actor, active));
        model.addAttribute("active", active);
        names(actor, model);
        return "problem/list";
    }

    @GetMapping("/known-errors/new")
    String create(@RequestParam(required = false) Long fromTicket, Actor actor, Model model) {
        actor.requireAgent();
        var form = new Form("", "", "", "", Status.INVESTIGATING, null);
        if (fromTicket != null) {
            var t = tickets.require(actor, fromTicket);
            form = new Form(t.subject(), t.description() == null ? "" : t.description(), "", "", Status.INVESTIGATING, null);
            model.addAttribute("fromTicket", t);
        }
        return editor(actor, model, null, form);
    }

    @PostMapping("/known-errors")
    String save(Form form, @RequestParam(required = false) Long fromTicket, Actor actor, Model model, RedirectAttributes redirect) {
        try {
            var saved = errors.create(actor, form);
            if (fromTicket != null) {
                errors.link(actor, saved.id(), fromTicket);
            }
            redirect.addFlashAttribute("saved", true);
            return "redirect:/known-errors/" + saved.id();
        } catch (InvalidInputException e) {
            model.addAttribute("problems", e.fields());
            return editor(actor, model, null, form);
        }
    }

    @GetMapping("/known-errors/{id}")
    String show(@PathVariable long id, Actor actor, Model model) {
        var view = errors.get(actor, id);
        model.addAttribute("tickets", errors.ticketsOf(actor, id));
        return editor(actor, model, view, new Form(view.title(), view.symptom(), view.cause(), view.workaround(), view.status(),
                view.organizationId()));
    }

    @PostMapping("/known-errors/{id}")
    String update(@PathVariable long id, Form form, Actor actor, Model model, RedirectAttributes redirect) {
        try {
            errors.update(actor, id, form);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/known-errors/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("problems", e.fields());
            model.addAttribute("tickets", errors.ticketsOf(actor, id));
            return editor(actor, model, errors.get(actor, id), form);
        }
    }

    /** Links a ticket given by its number ("1042" or "#1042"). */
    @PostMapping("/known-errors/{id}/tickets")
    String link(@PathVariable long id, @RequestParam(defaultValue = "") String number, Actor actor, RedirectAttributes redirect) {
        var digits = number.replaceAll("[^0-9]", "");
        var ticket = digits.isEmpty() || digits.length() > 12 ? null : tickets.ticketByNumber(actor, Long.parseLong(digits)).orElse(null);
        if (ticket == null) {
            redirect.addFlashAttribute("problems", java.util.List.of(new InvalidInputException.FieldProblem("number", "a ticket number you can see")));
        } else {
            errors.link(actor, id, ticket.id());
            redirect.addFlashAttribute("saved", true);
        }
        return "redirect:/known-errors/" + id;
    }

    @PostMapping("/known-errors/{id}/tickets/{ticketId}/unlink")
    String unlink(@PathVariable long id, @PathVariable long ticketId, @RequestParam(defaultValue = "false") boolean fromTicket,
                  Actor actor) {
        errors.unlink(actor, id, ticketId);
        return fromTicket ? "redirect:/tickets/" + ticketId : "redirect:/known-errors/" + id;
    }

    // ---- the ticket page's banner

    @GetMapping("/known-errors/ticket/{ticketId}")
    String banner(@PathVariable long ticketId, Actor actor, Model model) {
        var ticket = tickets.require(actor, ticketId);
        var linked = errors.ofTicket(actor, ticketId);
        var linkedIds = linked.stream().map(KnownErrors.View::id).toList();
        model.addAttribute("ticketId", ticketId);
        model.addAttribute("linked", linked);
        model.addAttribute("matching", errors.matching(actor, ticket.subject(), ticket.description(), ticket.organization().id(), 3)
                .stream().filter(k -> !linkedIds.contains(k.id())).toList());
        return "problem/banner :: banner";
    }

    @PostMapping("/known-errors/{id}/link-ticket/{ticketId}")
    String linkFromTicket(@PathVariable long id, @PathVariable long ticketId, Actor actor) {
        errors.link(actor, id, ticketId);
        return "redirect:/tickets/" + ticketId;
    }

    private String editor(Actor actor, Model model, KnownErrors.View view, Form form) {
        model.addAttribute("view", view);
        model.addAttribute("form", form);
        model.addAttribute("statuses", Status.values());
        model.addAttribute("organizations", directory.organizations(actor));
        return "problem/edit";
    }

    private void names(Actor actor, Model model) {
        var names = new HashMap<Long, String>();
        directory.organizations(actor).forEach(o -> names.put(o.id(), o.name()));
        model.addAttribute("organizationNames", names);
    }
}
