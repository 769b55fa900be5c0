package io.relais.ticket.web;

import io.relais.common.InvalidInputException;
import io.relais.security.Actor;
import io.relais.ticket.QueueQuery;
import io.relais.ticket.QueueView;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.Queues;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketService;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * What a signed-in customer sees until the portal module exists: their tickets (all of their
 * organization's for a manager), the public conversation, and a reply form. Same scope as the API.
 */
@Controller
class CustomerTicketController {
    private final TicketReads queries;
    private final Queues queues;
    private final TicketService tickets;
    private final io.relais.ticket.TicketSettings settings;

    CustomerTicketController(TicketReads queries, Queues queues, TicketService tickets, io.relais.ticket.TicketSettings settings) {
        this.queries = queries;
        this.queues = queues;
        this.tickets = tickets;
        this.settings = settings;
    }

    @GetMapping("/my/tickets")
    String list(@RequestParam(required = false) String cursor, Actor actor, Model model) {
        model.addAttribute("page", queues.queue(actor, new QueueQuery(QueueView.ALL, null, null, null, null, null, null,
                null, null, cursor, 50)));
        return "ticket/my";
    }

    /** A customer writes a new request; articles and similar answers show as they type (see the search module's hints). */
    @GetMapping("/my/tickets/new")
    String create(Actor actor, Model model) {
        model.addAttribute("subject", "");
        model.addAttribute("description", "");
        choices(model, null, null);
        return "ticket/my-new";
    }

    /** What a customer chooses on a new request: the category, and how urgent it is for them. */
    private void choices(Model model, Long categoryId, io.relais.ticket.TicketEnums.Urgency urgency) {
        model.addAttribute("categories", settings.categories().stream().filter(c -> c.active()).toList());
        model.addAttribute("urgencies", io.relais.ticket.TicketEnums.Urgency.values());
        model.addAttribute("categoryId", categoryId);
        model.addAttribute("urgency", urgency);
    }

    @PostMapping("/my/tickets")
    String open(@RequestParam(defaultValue = "") String subject, @RequestParam(defaultValue = "") String description,
                @RequestParam(required = false) Long categoryId,
                @RequestParam(required = false) io.relais.ticket.TicketEnums.Urgency urgency, Actor actor,
                Model model, HttpServletResponse response) {
        try {
            var opened = tickets.open(new io.relais.ticket.TicketCommands.NewTicket(subject, description, null, categoryId,
                    null, urgency, io.relais.ticket.TicketEnums.Channel.PORTAL, null, null, List.of()), actor);
            return "redirect:/my/tickets/" + opened.id();
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("problems", e.fields());
            model.addAttribute("subject", subject);
            model.addAttribute("description", description);
            choices(model, categoryId, urgency);
            return "ticket/my-new";
        }
    }

    @GetMapping("/my/tickets/{id}")
    String show(@PathVariable long id, Actor actor, Model model) {
        model.addAttribute("ticket", queries.require(actor, id));
        model.addAttribute("conversation", queries.conversation(actor, id));
        return "ticket/my-ticket";
    }

    @PostMapping("/my/tickets/{id}/reply")
    String reply(@PathVariable long id, @RequestParam String body, Actor actor, Model model, HttpServletResponse response) {
        try {
            tickets.addMessage(id, new NewMessage(body, false, List.of()), actor);
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("problems", e.fields());
            return show(id, actor, model);
        }
        return "redirect:/my/tickets/" + id;
    }

    @GetMapping("/my/tickets/{id}/attachments/{attachmentId}")
    org.springframework.http.ResponseEntity<byte[]> download(@PathVariable long id, @PathVariable long attachmentId, Actor actor) {
        return AttachmentResponses.serve(queries.attachment(actor, id, attachmentId), false);
    }
}
