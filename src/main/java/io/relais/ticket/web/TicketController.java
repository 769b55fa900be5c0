package io.relais.ticket.web;

import io.relais.common.FormPosts;
import io.relais.common.InvalidInputException;
import io.relais.common.Letters;
import io.relais.directory.AddressHealth;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.security.Actor;
import io.relais.ticket.Change;
import io.relais.ticket.QueueQuery;
import io.relais.ticket.QueueView;
import io.relais.ticket.StaleTicketException;
import io.relais.ticket.Status;
import io.relais.ticket.TicketCommands.NewCallLog;
import io.relais.ticket.TicketCommands.NewLink;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketEnums.CallDirection;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.LinkKind;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.Queues;
import io.relais.ticket.TicketLinks;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketService;
import io.relais.ticket.TicketSettings;
import io.relais.ticket.TicketViews.ArticleView;
import io.relais.ticket.TicketViews.TicketView;
import io.relais.ticket.TicketViews.TimelineView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The ticket page and its forms; the new-ticket form for an agent taking a call. */
@Controller
class TicketController {
    private static final Set<Change> SHOWN_AS_ARTICLE = EnumSet.of(Change.REPLY_ADDED, Change.NOTE_ADDED,
            Change.CALL_LOGGED, Change.ATTACHMENT_ADDED);

    private final TicketService tickets;
    private final TicketLinks ticketLinks;
    private final TicketReads queries;
    private final Queues queues;
    private final TicketSettings settings;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final MessageSource messages;
    private final ObjectProvider<AddressHealth> addressHealth;
    private final StaleChanges staleChanges;

    TicketController(TicketService tickets, TicketLinks ticketLinks, TicketReads queries, Queues queues, TicketSettings settings,
                     Directory directory, AgentsAndGroups agentsAndGroups, MessageSource messages, ObjectProvider<AddressHealth> addressHealth, StaleChanges staleChanges) {
        this.tickets = tickets;
        this.ticketLinks = ticketLinks;
        this.queues = queues;
        this.staleChanges = staleChanges;
        this.queries = queries;
        this.settings = settings;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.messages = messages;
        this.addressHealth = addressHealth;
    }

    /** The ticket's fields as the side form posts them (assignee 0: nobody); as stored when the page opens. */
    record FieldsForm(Long version, String subject, Status status, Impact impact, Urgency urgency, Long categoryId,
                      Long groupId, Long assigneeId, String tags) {
        static FieldsForm of(TicketView t) {
            return new FieldsForm(t.version(), t.subject(), t.status(), t.impact(), t.urgency(),
                    t.category() == null ? null : t.category().id(), t.group() == null ? null : t.group().id(),
                    t.assignee() == null ? 0L : t.assignee().id(), String.join(", ", t.tags()));
        }
    }

    record MessageForm(String body, List<MultipartFile> files, Boolean quoteHistory) {}

    /** A call as its form posts it; when the page opens, the requester's number and 5 minutes. */
    record CallForm(CallDirection direction, String number, Integer minutes, String summary, List<MultipartFile> files,
                    Boolean shared) {
        static CallForm proposed(TicketView t) {
            return new CallForm(null, t.requester().phone(), 5, "", null, false);
        }
    }

    record NewTicketForm(String subject, String description, Long requesterId, Long categoryId, Impact impact,
                         Urgency urgency, Channel channel, Long groupId, Long assigneeId, String tags) {}

    record QuickContactForm(Long organizationId, String name, String email, String phone, String language) {}

    /** One line of the ticket's timeline: a message, or a change made to the ticket. */
    record Item(Instant at, long order, ArticleView article, TimelineView change) {}

    // ---- the ticket page

    @GetMapping("/tickets/{id}")
    String show(@PathVariable long id, @RequestParam(defaultValue = "all") String show, Actor actor, Locale locale, Model model) {
        populate(actor, id, show, locale, model);
        return "ticket/show";
    }

    @GetMapping("/tickets/number/{number}")
    String byNumber(@PathVariable long number, Actor actor) {
        var t = queries.ticketByNumber(actor, number)
                .orElseThrow(() -> new io.relais.common.NotFoundException("ticket", number));
        return "redirect:/tickets/" + t.id();
    }

    /**
     * Saves the side form. Refused, the page again (422) with the fields as typed and each problem beside its field;
     * someone saved meanwhile, the page again (409) with what they changed and the form as it now stands.
     */
    @PostMapping("/tickets/{id}/fields")
    String updateFields(@PathVariable long id, @ModelAttribute("ticketForm") FieldsForm form, BindingResult binding, Actor actor,
                        Locale locale, Model model, RedirectAttributes flash, jakarta.servlet.http.HttpServletResponse response) {
        try {
            if (binding.hasErrors()) {
                throw new InvalidInputException("Invalid input", FormPosts.problems(binding));
            }
            var unassign = form.assigneeId() != null && form.assigneeId() == 0;
            var update = new TicketUpdate(form.version(), form.subject(), form.status(), form.impact(), form.urgency(),
                    form.categoryId(), form.groupId(), unassign ? null : form.assigneeId(), unassign,
                    form.tags() == null ? null : Arrays.asList(form.tags().split(",")), null);
            tickets.update(id, update, actor);
        } catch (StaleTicketException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.asMap().remove("ticketForm"); // the current values, to apply the change again to
            populate(actor, id, "all", locale, model);
            model.addAttribute("stale", staleChanges.lines(e.since(), locale, actor));
            model.addAttribute("attempt", form);
            return "ticket/show";
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            populate(actor, id, "all", locale, model);
            model.addAttribute("fieldProblems", e.fields());
            return "ticket/show";
        }
        flash.addFlashAttribute("saved", true);
        return "redirect:/tickets/" + id;
    }

    @PostMapping("/tickets/{id}/assign-to-me")
    String assignToMe(@PathVariable long id, Actor actor) {
        tickets.update(id, TicketUpdate.assignTo(actor.personId()), actor);
        return "redirect:/tickets/" + id;
    }

    @PostMapping("/tickets/{id}/reply")
    String reply(@PathVariable long id, @ModelAttribute MessageForm form, Actor actor, Locale locale, Model model,
                 jakarta.servlet.http.HttpServletResponse response) {
        return addMessage(id, form, false, actor, locale, model, response);
    }

    @PostMapping("/tickets/{id}/note")
    String note(@PathVariable long id, @ModelAttribute MessageForm form, Actor actor, Locale locale, Model model,
                jakarta.servlet.http.HttpServletResponse response) {
        return addMessage(id, form, true, actor, locale, model, response);
    }

    private String addMessage(long id, MessageForm form, boolean internal, Actor actor, Locale locale, Model model,
                              jakarta.servlet.http.HttpServletResponse response) {
        try {
            tickets.addMessage(id, new NewMessage(form.body(), internal, uploads(form.files()),
                    !internal && Boolean.TRUE.equals(form.quoteHistory())), actor);
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            populate(actor, id, "all", locale, model);
            model.addAttribute(internal ? "noteProblems" : "replyProblems", e.fields());
            model.addAttribute(internal ? "noteBody" : "replyBody", form.body());
            return "ticket/show";
        }
        return "redirect:/tickets/" + id + "#latest";
    }

    /** Logs a call; refused, the page again (422) with the call as typed (not its files) and each problem beside its field. */
    @PostMapping("/tickets/{id}/call")
    String logCall(@PathVariable long id, @ModelAttribute("callForm") CallForm form, BindingResult binding, Actor actor,
                   Locale locale, Model model, jakarta.servlet.http.HttpServletResponse response) {
        try {
            if (binding.hasErrors()) {
                throw new InvalidInputException("Invalid input", FormPosts.problems(binding));
            }
            var seconds = form.minutes() == null ? null : form.minutes() * 60;
            tickets.logCall(id, new NewCallLog(form.direction(), form.number(), seconds, form.summary(),
                    uploads(form.files()), Boolean.TRUE.equals(form.shared())), actor);
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            populate(actor, id, "all", locale, model);
            // the form asks for minutes, the service counts seconds
            model.addAttribute("callProblems", e.fields().stream().map(p -> "durationSeconds".equals(p.field())
                    ? new InvalidInputException.FieldProblem("minutes", "between 0 and 1440") : p).toList());
            return "ticket/show";
        }
        return "redirect:/tickets/" + id + "#latest";
    }

    @PostMapping("/tickets/{id}/links")
    String link(@PathVariable long id, @RequestParam String target, @RequestParam LinkKind kind, Actor actor,
                RedirectAttributes flash) {
        queries.require(actor, id);
        try {
            var other = queries.ticketByNumber(actor, parseNumber(target))
                    .orElseThrow(() -> InvalidInputException.field("targetTicketId", "unknown ticket"));
            ticketLinks.link(id, new NewLink(other.id(), kind), actor);
        } catch (InvalidInputException | io.relais.common.ConflictException e) {
            flash.addFlashAttribute("linkError", e.getMessage() + (e instanceof InvalidInputException ie
                    ? ": " + ie.fields().get(0).message() : ""));
        }
        return "redirect:/tickets/" + id;
    }

    @PostMapping("/tickets/{id}/links/{linkId}/delete")
    String unlink(@PathVariable long id, @PathVariable long linkId, Actor actor) {
        ticketLinks.unlink(id, linkId, actor);
        return "redirect:/tickets/" + id;
    }

    @PostMapping("/tickets/{id}/merge")
    String merge(@PathVariable long id, @RequestParam String target, Actor actor, RedirectAttributes flash) {
        queries.require(actor, id);
        try {
            var other = queries.ticketByNumber(actor, parseNumber(target))
                    .orElseThrow(() -> InvalidInputException.field("targetTicketId", "unknown ticket"));
            ticketLinks.merge(id, other.id(), actor);
            return "redirect:/tickets/" + other.id();
        } catch (InvalidInputException | io.relais.common.ConflictException e) {
            flash.addFlashAttribute("linkError", e instanceof InvalidInputException ie ? ie.fields().get(0).message() : e.getMessage());
            return "redirect:/tickets/" + id;
        }
    }

    @GetMapping("/tickets/{id}/attachments/{attachmentId}")
    org.springframework.http.ResponseEntity<byte[]> download(@PathVariable long id, @PathVariable long attachmentId,
                                                             @RequestParam(defaultValue = "false") boolean inline, Actor actor) {
        return AttachmentResponses.serve(queries.attachment(actor, id, attachmentId), inline);
    }

    /**
     * The formatted version of a mail: HTML sanitised when it came in, served alone with a CSP that
     * allows no script, no plugin and no remote content (only the ticket's own inline images).
     */
    @GetMapping("/tickets/{id}/articles/{articleId}/html")
    org.springframework.http.ResponseEntity<String> articleHtml(@PathVariable long id, @PathVariable long articleId, Actor actor) {
        var html = queries.articleHtml(actor, id, articleId)
                .orElseThrow(() -> new io.relais.common.NotFoundException("article", articleId));
        var page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><base target=\"_blank\">"
                + "<title>#" + articleId + "</title></head><body>" + html + "</body></html>";
        return org.springframework.http.ResponseEntity.ok()
                .contentType(new org.springframework.http.MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
                        + "sandbox allow-popups allow-popups-to-escape-sandbox allow-same-origin; frame-ancestors 'self'")
                .header(org.springframework.http.HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(page);
    }

    // ---- new ticket (agent taking a call)

    @GetMapping("/tickets/new")
    String showNewTicketForm(@RequestParam(name = "requester", required = false) Long requesterId, Actor actor, Model model) {
        model.addAttribute("form", new NewTicketForm("", "", requesterId, null, Impact.USER, Urgency.MEDIUM,
                Channel.PHONE, null, null, ""));
        prepareNewTicket(actor, requesterId, model);
        return "ticket/new";
    }

    /** Opens the ticket; refused, the page again (422) as the agent typed it, each problem beside its field. */
    @PostMapping("/tickets")
    String createTicket(@ModelAttribute("form") NewTicketForm form, BindingResult binding, Actor actor, Model model,
                        jakarta.servlet.http.HttpServletResponse response) {
        try {
            if (binding.hasErrors()) {
                throw new InvalidInputException("Invalid input", FormPosts.problems(binding));
            }
            var tags = form.tags() == null ? List.<String>of() : Arrays.asList(form.tags().split(","));
            var opened = tickets.open(new NewTicket(form.subject(), form.description(), form.requesterId(),
                    form.categoryId(), form.impact(), form.urgency(), form.channel(), form.groupId(), form.assigneeId(), tags), actor);
            return "redirect:/tickets/" + opened.id();
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("problems", e.fields());
            prepareNewTicket(actor, form.requesterId(), model);
            return "ticket/new";
        }
    }

    /** Contacts matching what the agent types (name, e-mail or phone), as a fragment. */
    @GetMapping("/contacts/lookup")
    String lookup(@RequestParam(name = "q", defaultValue = "") String q, Actor actor, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("matches", q.isBlank() ? List.of() : directory.searchContacts(actor, q, null, 10));
        return "ticket/new :: matches";
    }

    /**
     * The caller is not in the directory yet: a contact from the new-ticket page, then the page again with it as the
     * requester. Refused, the page again (422) with the contact form open, as typed, each problem beside its field.
     */
    @PostMapping("/contacts")
    String createContact(@ModelAttribute("contactForm") QuickContactForm form, BindingResult binding, Actor actor, Model model,
                         jakarta.servlet.http.HttpServletResponse response) {
        try {
            if (binding.hasErrors()) {
                throw new InvalidInputException("Invalid input", FormPosts.problems(binding));
            }
            var c = directory.createContact(actor, new ContactForm(form.organizationId(), form.name(), form.email(),
                    form.phone(), form.language(), false, false));
            return "redirect:/tickets/new?requester=" + c.id();
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("form", new NewTicketForm("", "", null, null, Impact.USER, Urgency.MEDIUM, Channel.PHONE, null, null, ""));
            model.addAttribute("contactProblems", e.fields());
            prepareNewTicket(actor, null, model);
            return "ticket/new";
        }
    }

    // ---- helpers

    private void prepareNewTicket(Actor actor, Long requesterId, Model model) {
        var requester = requesterId == null ? null : directory.contact(actor, requesterId).orElse(null);
        model.addAttribute("requester", requester);
        if (requester != null) {
            model.addAttribute("requesterTickets", queues.queue(actor, new QueueQuery(QueueView.ALL, null, null, null,
                    null, null, requester.id(), null, null, null, 10)).items());
        }
        model.addAttribute("organizations", directory.organizations(actor));
        model.addAttribute("categories", settings.categories().stream().filter(c -> c.active()).toList());
        model.addAttribute("groups", requester != null ? agentsAndGroups.groupsServing(requester.organizationId()) : agentsAndGroups.groupsVisibleTo(actor));
        model.addAttribute("agents", requester != null ? agentsAndGroups.agentsServing(requester.organizationId()) : agentsAndGroups.agentsVisibleTo(actor));
        model.addAttribute("impacts", Impact.values());
        model.addAttribute("urgencies", Urgency.values());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("matrix", settings.matrix());
    }

    private void populate(Actor actor, long id, String show, Locale locale, Model model) {
        var ticket = queries.require(actor, id);
        var conversation = queries.conversation(actor, id);
        var timeline = queries.timeline(actor, id);
        var items = new ArrayList<Item>();
        if (!"changes".equals(show)) {
            conversation.forEach(a -> items.add(new Item(a.createdAt(), a.id() * 2, a, null)));
        }
        if (!"conversation".equals(show)) {
            timeline.stream().filter(e -> !SHOWN_AS_ARTICLE.contains(e.change()))
                    .forEach(e -> items.add(new Item(e.at(), e.id() * 2 + 1, null, e)));
        }
        items.sort(Comparator.comparing(Item::at).thenComparing(Item::order));
        model.addAttribute("ticket", ticket);
        if (model.getAttribute("ticketForm") == null) {
            model.addAttribute("ticketForm", FieldsForm.of(ticket));
        }
        if (model.getAttribute("callForm") == null) {
            model.addAttribute("callForm", CallForm.proposed(ticket));
        }
        model.addAttribute("requesterBounce", requesterBounce(ticket.requester().email()));
        model.addAttribute("items", items);
        model.addAttribute("show", show);
        model.addAttribute("links", queries.links(actor, id));
        model.addAttribute("labels", new TimelineLabels(messages, locale, directory, agentsAndGroups, settings));
        model.addAttribute("nextStatuses", ticket.status().next());
        model.addAttribute("categories", settings.categories());
        model.addAttribute("groups", agentsAndGroups.groupsServing(ticket.organization().id()));
        model.addAttribute("agents", agentsAndGroups.agentsServing(ticket.organization().id()));
        model.addAttribute("impacts", Impact.values());
        model.addAttribute("urgencies", Urgency.values());
        model.addAttribute("linkKinds", LinkKind.values());
        model.addAttribute("directions", CallDirection.values());
    }

    /** Whether mail to the requester's address bounced (the mail channel flags it), to warn before replying. */
    private AddressHealth.Bounce requesterBounce(String email) {
        var health = addressHealth.getIfAvailable();
        return health == null || email == null ? null
                : health.bounces(List.of(email)).get(Letters.lower(email.trim()));
    }

    private static long parseNumber(String text) {
        try {
            return Long.parseLong(text.trim().replace("#", ""));
        } catch (NumberFormatException e) {
            throw InvalidInputException.field("targetTicketId", "not a ticket number");
        }
    }

    static List<Upload> uploads(List<MultipartFile> files) {
        if (files == null) {
            return List.of();
        }
        if (files.stream().filter(f -> f != null && !f.isEmpty()).count() > io.relais.common.AttachmentLimits.MAX_FILES) {
            // counted before any is read into memory
            throw InvalidInputException.field("attachments", "at most " + io.relais.common.AttachmentLimits.MAX_FILES + " files");
        }
        var uploads = new ArrayList<Upload>();
        for (var f : files) {
            if (f == null || f.isEmpty()) {
                continue;
            }
            try {
                uploads.add(new Upload(f.getOriginalFilename(), f.getContentType(), f.getBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read upload " + f.getOriginalFilename(), e);
            }
        }
        return uploads;
    }
}
