package io.relais.ticket.web;

import io.relais.common.AttachmentLimits;
import io.relais.common.InvalidInputException;
import io.relais.security.Actor;
import io.relais.ticket.QueueQuery;
import io.relais.ticket.QueueView;
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
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.Queues;
import io.relais.ticket.TicketLinks;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketService;
import io.relais.ticket.TicketViews.ArticleView;
import io.relais.ticket.TicketViews.AttachmentView;
import io.relais.ticket.TicketViews.LinkView;
import io.relais.ticket.TicketViews.Page;
import io.relais.ticket.TicketViews.TicketRow;
import io.relais.ticket.TicketViews.TicketView;
import io.relais.ticket.TicketViews.TimelineView;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Tickets over REST, with the same rules and the same tenant scope as the workspace. */
@RestController
@RequestMapping(path = "/api/v1/tickets", produces = MediaType.APPLICATION_JSON_VALUE)
class TicketApi {
    private final TicketService tickets;
    private final TicketLinks ticketLinks;
    private final TicketReads queries;
    private final Queues queues;
    private final AttachmentLimits limits;
    private final StaleChanges staleChanges;

    TicketApi(TicketService tickets, TicketLinks ticketLinks, TicketReads queries, Queues queues, AttachmentLimits limits,
              StaleChanges staleChanges) {
        this.tickets = tickets;
        this.ticketLinks = ticketLinks;
        this.queries = queries;
        this.queues = queues;
        this.limits = limits;
        this.staleChanges = staleChanges;
    }

    /** A stale PATCH: 409 naming who changed which field to what, in the caller's language. */
    @org.springframework.web.bind.annotation.ExceptionHandler(io.relais.ticket.StaleTicketException.class)
    org.springframework.http.ProblemDetail stale(io.relais.ticket.StaleTicketException e, Actor actor) {
        return staleChanges.problem(e, actor);
    }

    record TicketRequest(String subject, String description, Long requesterId, Long categoryId, Impact impact,
                         Urgency urgency, Channel channel, Long groupId, Long assigneeId, List<String> tags) {}

    /** Only the fields present change; {@code version} refuses the change if the ticket moved on (409). */
    record TicketPatch(Long version, String subject, Status status, Impact impact, Urgency urgency, Long categoryId,
                       Long groupId, Long assigneeId, Boolean unassign, List<String> tags, Long requesterId) {}

    record FileRequest(String filename, String contentType, String contentBase64) {}

    /** {@code quoteHistory} (replies only): mail the earlier messages quoted below this one. */
    record MessageRequest(String body, List<FileRequest> attachments, Boolean quoteHistory) {}

    /** {@code shared}: shown to the customer on their ticket (a call log is for the team otherwise). */
    record CallRequest(CallDirection direction, String number, Integer durationSeconds, String summary,
                       List<FileRequest> attachments, Boolean shared) {}

    record LinkRequest(Long targetTicketId, LinkKind kind) {}

    record MergeRequest(Long targetTicketId) {}

    record Created(long id) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TicketView> create(@RequestBody TicketRequest r, Actor actor) {
        var channel = r.channel() != null ? r.channel() : Channel.API;
        var opened = tickets.open(new NewTicket(r.subject(), r.description(), r.requesterId(), r.categoryId(), r.impact(),
                r.urgency(), channel, r.groupId(), r.assigneeId(), r.tags()), actor);
        return ResponseEntity.created(URI.create("/api/v1/tickets/" + opened.id())).body(queries.require(actor, opened.id()));
    }

    @GetMapping("/{id}")
    TicketReads.TicketWithTimeline get(@PathVariable long id, Actor actor) {
        return queries.ticketWithTimeline(actor, id, 20).orElseThrow(() -> new io.relais.common.NotFoundException("ticket", id));
    }

    @GetMapping
    Page<TicketRow> list(@RequestParam(defaultValue = "ALL") QueueView view,
                         @RequestParam(required = false) Set<Status> status,
                         @RequestParam(required = false) Set<Priority> priority,
                         @RequestParam(required = false) Long organizationId,
                         @RequestParam(required = false) Long groupId,
                         @RequestParam(required = false) Long assigneeId,
                         @RequestParam(required = false) Long requesterId,
                         @RequestParam(required = false) String q,
                         @RequestParam(required = false) QueueQuery.Sort sort,
                         @RequestParam(required = false) String cursor,
                         @RequestParam(defaultValue = "50") int limit, Actor actor) {
        if (limit < 1 || limit > 200) {
            throw InvalidInputException.field("limit", "between 1 and 200");
        }
        return queues.queue(actor, new QueueQuery(view, status, priority, organizationId, groupId, assigneeId,
                requesterId, q, sort, cursor, limit));
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    TicketView update(@PathVariable long id, @RequestBody TicketPatch p, Actor actor) {
        tickets.update(id, new TicketUpdate(p.version(), p.subject(), p.status(), p.impact(), p.urgency(), p.categoryId(),
                p.groupId(), p.assigneeId(), p.unassign(), p.tags(), p.requesterId()), actor);
        return queries.require(actor, id);
    }

    @PostMapping(path = "/{id}/replies", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Created> reply(@PathVariable long id, @RequestBody MessageRequest r, Actor actor) {
        return created(id, tickets.addMessage(id, new NewMessage(r.body(), false, files(r.attachments()),
                Boolean.TRUE.equals(r.quoteHistory())), actor));
    }

    @PostMapping(path = "/{id}/replies", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Created> replyMultipart(@PathVariable long id, @RequestParam String body,
                                           @RequestPart(name = "files", required = false) List<MultipartFile> files,
                                           @RequestParam(required = false) Boolean quoteHistory, Actor actor) {
        return created(id, tickets.addMessage(id, new NewMessage(body, false, TicketController.uploads(files),
                Boolean.TRUE.equals(quoteHistory)), actor));
    }

    @PostMapping(path = "/{id}/notes", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Created> note(@PathVariable long id, @RequestBody MessageRequest r, Actor actor) {
        return created(id, tickets.addMessage(id, new NewMessage(r.body(), true, files(r.attachments())), actor));
    }

    @PostMapping(path = "/{id}/notes", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Created> noteMultipart(@PathVariable long id, @RequestParam String body,
                                          @RequestPart(name = "files", required = false) List<MultipartFile> files, Actor actor) {
        return created(id, tickets.addMessage(id, new NewMessage(body, true, TicketController.uploads(files)), actor));
    }

    @PostMapping(path = "/{id}/calls", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Created> call(@PathVariable long id, @RequestBody CallRequest r, Actor actor) {
        return created(id, tickets.logCall(id, new NewCallLog(r.direction(), r.number(), r.durationSeconds(), r.summary(),
                files(r.attachments()), Boolean.TRUE.equals(r.shared())), actor));
    }

    @GetMapping("/{id}/articles")
    List<ArticleView> articles(@PathVariable long id, Actor actor) {
        return queries.conversation(actor, id);
    }

    @GetMapping("/{id}/timeline")
    List<TimelineView> timeline(@PathVariable long id, Actor actor) {
        return queries.timeline(actor, id);
    }

    @GetMapping("/{id}/attachments")
    List<AttachmentView> attachments(@PathVariable long id, Actor actor) {
        return queries.attachments(actor, id);
    }

    @GetMapping(path = "/{id}/attachments/{attachmentId}", produces = MediaType.ALL_VALUE)
    ResponseEntity<byte[]> download(@PathVariable long id, @PathVariable long attachmentId, Actor actor) {
        return AttachmentResponses.serve(queries.attachment(actor, id, attachmentId), false);
    }

    @GetMapping("/{id}/links")
    List<LinkView> links(@PathVariable long id, Actor actor) {
        return queries.links(actor, id);
    }

    @PostMapping(path = "/{id}/links", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Created> link(@PathVariable long id, @RequestBody LinkRequest r, Actor actor) {
        if (r.targetTicketId() == null) {
            throw InvalidInputException.field("targetTicketId", "required");
        }
        var linkId = ticketLinks.link(id, new NewLink(r.targetTicketId(), r.kind()), actor);
        return ResponseEntity.created(URI.create("/api/v1/tickets/" + id + "/links")).body(new Created(linkId));
    }

    @DeleteMapping("/{id}/links/{linkId}")
    ResponseEntity<Void> unlink(@PathVariable long id, @PathVariable long linkId, Actor actor) {
        ticketLinks.unlink(id, linkId, actor);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/{id}/merge", consumes = MediaType.APPLICATION_JSON_VALUE)
    TicketView merge(@PathVariable long id, @RequestBody MergeRequest r, Actor actor) {
        if (r.targetTicketId() == null) {
            throw InvalidInputException.field("targetTicketId", "required");
        }
        ticketLinks.merge(id, r.targetTicketId(), actor);
        return queries.require(actor, r.targetTicketId());
    }

    private static ResponseEntity<Created> created(long ticketId, long articleId) {
        return ResponseEntity.created(URI.create("/api/v1/tickets/" + ticketId + "/articles")).body(new Created(articleId));
    }

    /** The files of a JSON body: counted and measured first, decoded only when all of them may be kept. */
    private List<Upload> files(List<FileRequest> files) {
        if (files == null) {
            return List.of();
        }
        if (files.size() > AttachmentLimits.MAX_FILES) {
            throw InvalidInputException.field("attachments", "at most " + AttachmentLimits.MAX_FILES + " files");
        }
        for (int i = 0; i < files.size(); i++) {
            var f = files.get(i);
            if (f == null || f.contentBase64() == null) {
                throw InvalidInputException.field("attachments[" + i + "].contentBase64", "required");
            }
            // 4 characters of base64 carry 3 bytes: the least the file can be, without decoding it
            if (base64Characters(f.contentBase64()) / 4 * 3 - 2 > limits.maxFileBytes()) {
                var name = f.filename() == null ? "file " + (i + 1) : f.filename().length() > 100 ? f.filename().substring(0, 100) : f.filename();
                throw InvalidInputException.field("attachments", "\"" + name + "\" is larger than "
                        + DataSize.ofBytes(limits.maxFileBytes()).toMegabytes() + " MB");
            }
        }
        var uploads = new ArrayList<Upload>();
        for (int i = 0; i < files.size(); i++) {
            var f = files.get(i);
            try {
                // Strict decoding (line breaks allowed): a lenient decoder would turn garbage into an empty file.
                uploads.add(new Upload(f.filename(), f.contentType(), Base64.getDecoder().decode(withoutWhitespace(f.contentBase64()))));
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.field("attachments[" + i + "].contentBase64", "not valid base64");
            }
        }
        return uploads;
    }

    private static long base64Characters(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    private static String withoutWhitespace(String text) {
        if (text.chars().noneMatch(Character::isWhitespace)) {
            return text;
        }
        var clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                clean.append(text.charAt(i));
            }
        }
        return clean.toString();
    }
}
