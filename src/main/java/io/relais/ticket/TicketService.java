package io.relais.ticket;

import static io.relais.ticket.internal.Validation.MAX_BODY;
import static io.relais.ticket.internal.Validation.MAX_SUBJECT;

import io.relais.common.InvalidInputException.FieldProblem;
import io.relais.directory.Directory;
import io.relais.directory.SupportLevel;
import io.relais.security.Actor;
import io.relais.ticket.TicketCommands.NewCallLog;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketEnums.ArticleKind;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketEvents.ArticleAdded;
import io.relais.ticket.TicketEvents.TicketCreated;
import io.relais.ticket.internal.Article;
import io.relais.ticket.internal.Attachments;
import io.relais.ticket.internal.EditsSince;
import io.relais.ticket.internal.FieldChange;
import io.relais.ticket.internal.SettingsStore;
import io.relais.ticket.internal.Ticket;
import io.relais.ticket.internal.TicketStore;
import io.relais.ticket.internal.TimelineWriter;
import io.relais.ticket.internal.Validation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a person does on a ticket: open it, change its fields, write to it (replies, notes, call logs), and what other
 * modules record on it (guided checks, known errors). One transaction each; every change lands on the timeline in
 * that transaction. Links and merges: {@link TicketLinks}; messages from outside: {@link TicketIntake}.
 */
@Service
public class TicketService {
    private final TicketStore store;
    private final SettingsStore settings;
    private final Directory directory;
    private final Validation validate;
    private final TimelineWriter timeline;
    private final Attachments attachments;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration reopenWindow;

    TicketService(TicketStore store, SettingsStore settings, Directory directory, Validation validate, TimelineWriter timeline,
                  Attachments attachments, ApplicationEventPublisher events, Clock clock,
                  @Value("${relais.reopen-window-days:14}") int reopenWindowDays) {
        this.store = store;
        this.settings = settings;
        this.directory = directory;
        this.validate = validate;
        this.timeline = timeline;
        this.attachments = attachments;
        this.events = events;
        this.clock = clock;
        this.reopenWindow = Duration.ofDays(reopenWindowDays);
    }

    public record Opened(long id, TicketNumber number) {}

    @Transactional
    public Opened open(NewTicket cmd, Actor actor) {
        var problems = new ArrayList<FieldProblem>();
        var subject = validate.text(cmd.subject(), "subject", MAX_SUBJECT, true, problems);
        var description = validate.text(cmd.description(), "description", MAX_BODY, false, problems);
        long requesterId;
        long organizationId = 0;
        if (actor.isAgent()) {
            requesterId = cmd.requesterId() == null ? 0 : cmd.requesterId();
            var organization = cmd.requesterId() == null ? null : directory.organizationOfContact(actor, cmd.requesterId()).orElse(null);
            if (organization == null) {
                problems.add(new FieldProblem("requesterId", cmd.requesterId() == null ? "required" : "unknown contact"));
            } else {
                organizationId = organization;
            }
        } else {
            // A customer chooses the category and says how urgent it is for them; impact, priority, tags and channel
            // are the desk's.
            if (cmd.groupId() != null || cmd.assigneeId() != null) {
                problems.add(new FieldProblem("assigneeId", "customers cannot choose a group or an assignee"));
            }
            if (cmd.impact() != null) {
                problems.add(new FieldProblem("impact", "set by the support team (say how urgent it is for you: urgency)"));
            }
            if (cmd.tags() != null && !cmd.tags().isEmpty()) {
                problems.add(new FieldProblem("tags", "set by the support team"));
            }
            if (cmd.channel() != null && cmd.channel() != Channel.PORTAL && cmd.channel() != Channel.API) {
                problems.add(new FieldProblem("channel", "set by the support team"));
            }
            if (cmd.requesterId() != null && cmd.requesterId() != actor.personId()) {
                problems.add(new FieldProblem("requesterId", "customers open tickets for themselves"));
            }
            requesterId = actor.personId();
            organizationId = directory.organizationOfContact(actor, requesterId).orElseThrow();
        }
        validate.category(cmd.categoryId(), problems);
        var tags = validate.tags(cmd.tags(), problems);
        SupportLevel level = SupportLevel.L1;
        if (cmd.groupId() != null && organizationId != 0) {
            level = validate.group(cmd.groupId(), organizationId, problems);
        }
        if (cmd.assigneeId() != null && organizationId != 0) {
            validate.assignee(cmd.assigneeId(), organizationId, problems);
        }
        validate.throwIfAny(problems);

        var impact = cmd.impact() == null ? Impact.USER : cmd.impact();
        var urgency = cmd.urgency() == null || !actor.isAgent() ? Urgency.MEDIUM : cmd.urgency();
        var channel = cmd.channel() != null ? cmd.channel() : actor.isAgent() ? Channel.PHONE : Channel.PORTAL;
        var now = clock.instant();
        var ticket = store.persist(new Ticket(store.nextNumber(), subject, description, requesterId, organizationId,
                cmd.categoryId(), impact, urgency, settings.priority(impact, urgency), channel, cmd.groupId(),
                cmd.assigneeId(), level, tags, now).customerSays(actor.isAgent() ? null : cmd.urgency()));
        timeline.write(ticket, actor, now, 0, List.of(FieldChange.of(Change.CREATED, null, ticket.number())));
        events.publishEvent(new TicketCreated(ticket.id(), organizationId, channel, false, false));
        return new Opened(ticket.id(), new TicketNumber(ticket.number()));
    }

    /**
     * Changes the fields the command sets. With {@code expectedVersion} older than the ticket's, the fields others
     * changed since are merged field by field ({@link EditsSince}): the save goes through unless it sets a field
     * someone else changed meanwhile to another value, and then nothing is saved and the conflicts are named.
     */
    @Transactional
    public void update(long ticketId, TicketUpdate cmd, Actor actor) {
        actor.requireAgent();
        var ticket = timeline.editable(ticketId, actor);
        var since = cmd.expectedVersion() == null || cmd.expectedVersion() == ticket.version() ? null
                : new EditsSince(store.timelineSince(actor.scope(), ticket.id(), cmd.expectedVersion()));
        var problems = new ArrayList<FieldProblem>();
        var now = clock.instant();
        var subject = cmd.subject() == null ? null : validate.text(cmd.subject(), "subject", MAX_SUBJECT, true, problems);
        if (cmd.requesterId() != null) {
            var requesterOrganization = directory.organizationOfContact(actor, cmd.requesterId());
            if (requesterOrganization.isEmpty()) {
                problems.add(new FieldProblem("requesterId", "unknown contact"));
            } else if (requesterOrganization.get() != ticket.organizationId()) {
                problems.add(new FieldProblem("requesterId", "the requester must belong to the ticket's organization"));
            }
        }
        if (cmd.categoryId() != null) {
            validate.category(cmd.categoryId(), problems);
        }
        var groupLevel = cmd.groupId() == null ? null : validate.group(cmd.groupId(), ticket.organizationId(), problems);
        if (cmd.assigneeId() != null) {
            validate.assignee(cmd.assigneeId(), ticket.organizationId(), problems);
        }
        var tags = cmd.tags() == null ? null : validate.tags(cmd.tags(), problems);
        validate.throwIfAny(problems);

        var unassign = Boolean.TRUE.equals(cmd.unassign());
        var setSubject = merged(since, Change.SUBJECT, subject, ticket.subject());
        var setRequester = merged(since, Change.REQUESTER, value(cmd.requesterId()), value(ticket.requesterId()));
        var setImpact = merged(since, Change.IMPACT, value(cmd.impact()), value(ticket.impact()));
        var setUrgency = merged(since, Change.URGENCY, value(cmd.urgency()), value(ticket.urgency()));
        var setCategory = merged(since, Change.CATEGORY, value(cmd.categoryId()), value(ticket.categoryId()));
        var setGroup = merged(since, Change.GROUP, value(cmd.groupId()), value(ticket.groupId()));
        var setAssignee = merged(since, Change.ASSIGNEE, unassign ? "" : value(cmd.assigneeId()), value(ticket.assigneeId()));
        var setTags = merged(since, Change.TAGS, tags == null ? null : String.join(",", tags), String.join(",", ticket.tags()));
        var setStatus = merged(since, Change.STATUS, value(cmd.status()), value(ticket.status()));
        if (since != null && !since.conflicts().isEmpty()) {
            throw new StaleTicketException(ticket.version(), since.conflicts().stream().map(TicketReads::view).toList());
        }

        var changes = new ArrayList<FieldChange>();
        if (setSubject) {
            changes.addAll(ticket.changeSubject(subject));
        }
        if (setRequester) {
            changes.addAll(ticket.changeRequester(cmd.requesterId()));
        }
        if (setImpact || setUrgency) {
            var impact = setImpact ? cmd.impact() : ticket.impact();
            var urgency = setUrgency ? cmd.urgency() : ticket.urgency();
            changes.addAll(ticket.changeImpactUrgency(impact, urgency, settings.priority(impact, urgency)));
        }
        if (setCategory) {
            changes.addAll(ticket.changeCategory(cmd.categoryId()));
        }
        if (setGroup) {
            changes.addAll(ticket.changeGroup(cmd.groupId(), groupLevel));
        }
        if (setAssignee) {
            changes.addAll(ticket.changeAssignee(unassign ? null : cmd.assigneeId()));
        }
        if (setTags) {
            changes.addAll(ticket.changeTags(tags));
        }
        if (setStatus) {
            changes.addAll(ticket.changeStatus(cmd.status(), now, reopenWindow));
        }
        timeline.commit(ticket, actor, now, changes);
    }

    /** Whether a sent value is applied: always without a stale copy, else as the merge with others' edits says. */
    private static boolean merged(EditsSince since, Change field, String submitted, String current) {
        return since == null ? submitted != null : since.apply(field, submitted, current);
    }

    /** A field's value as the timeline writes it (null: not set). */
    private static String value(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    /** A public reply (agent or customer) or an internal note (agents only). */
    @Transactional
    public long addMessage(long ticketId, NewMessage cmd, Actor actor) {
        if (cmd.internal()) {
            actor.requireAgent();
        }
        var ticket = timeline.editable(ticketId, actor);
        var problems = new ArrayList<FieldProblem>();
        var body = validate.text(cmd.body(), "body", MAX_BODY, true, problems);
        attachments.check(cmd.attachments(), problems);
        validate.throwIfAny(problems);
        var now = clock.instant();
        var changes = new ArrayList<FieldChange>();
        if (!cmd.internal()) {
            changes.addAll(actor.isAgent() ? ticket.agentResponded(now) : ticket.customerResponded(now, reopenWindow));
        }
        var kind = cmd.internal() ? ArticleKind.NOTE : ArticleKind.REPLY;
        var origin = actor.isAgent() ? Channel.WEB : Channel.PORTAL;
        var article = store.persist(new Article(ticket.id(), kind, cmd.internal(), actor.agentId(), actor.contactId(),
                actor.name(), body, null, null, null, now).origin(origin));
        changes.add(0, new FieldChange(cmd.internal() ? Change.NOTE_ADDED : Change.REPLY_ADDED, null, null, article.id()));
        attachments.attach(ticket, article, cmd.attachments(), now, changes);
        timeline.commit(ticket, actor, now, changes);
        events.publishEvent(new ArticleAdded(ticket.id(), article.id(), kind, cmd.internal(), actor.isAgent(), origin, false,
                cmd.quoteHistory() && !cmd.internal(), false));
        return article.id();
    }

    @Transactional
    public long logCall(long ticketId, NewCallLog cmd, Actor actor) {
        actor.requireAgent();
        var ticket = timeline.editable(ticketId, actor);
        var problems = new ArrayList<FieldProblem>();
        var summary = validate.text(cmd.summary(), "summary", MAX_BODY, true, problems);
        if (cmd.direction() == null) {
            problems.add(new FieldProblem("direction", "INBOUND or OUTBOUND"));
        }
        if (cmd.durationSeconds() != null && (cmd.durationSeconds() < 0 || cmd.durationSeconds() > 86_400)) {
            problems.add(new FieldProblem("durationSeconds", "between 0 and 86400"));
        }
        var number = validate.text(cmd.number(), "number", 64, false, problems);
        attachments.check(cmd.attachments(), problems);
        validate.throwIfAny(problems);
        var now = clock.instant();
        var changes = new ArrayList<FieldChange>(ticket.agentResponded(now));
        // A call is a conversation with the customer, but it is logged for the team: not mailed, and not shown to the
        // customer (numbers, durations, what was said) unless the agent shares it.
        var article = store.persist(new Article(ticket.id(), ArticleKind.CALL, !cmd.shared(), actor.agentId(), null,
                actor.name(), summary, cmd.direction(), number, cmd.durationSeconds(), now).origin(Channel.PHONE));
        changes.add(0, new FieldChange(Change.CALL_LOGGED, null, cmd.direction().name(), article.id()));
        attachments.attach(ticket, article, cmd.attachments(), now, changes);
        timeline.commit(ticket, actor, now, changes);
        events.publishEvent(new ArticleAdded(ticket.id(), article.id(), ArticleKind.CALL, !cmd.shared(), true, Channel.PHONE, false));
        return article.id();
    }

    /**
     * A guided first check run on the ticket (typically during a call): the path taken, questions and answers,
     * on the timeline. Values are cut to the timeline's 1,000 characters; the run keeps every step.
     */
    @Transactional
    public void recordGuidedCheck(long ticketId, String treeTitle, String path, Actor actor) {
        actor.requireAgent();
        var ticket = timeline.editable(ticketId, actor);
        timeline.commit(ticket, actor, clock.instant(), List.of(FieldChange.of(Change.GUIDED_CHECK, cut(treeTitle), cut(path))));
    }

    /** The ticket is now an occurrence of a known error ({@code linked}), or no longer: on the timeline. */
    @Transactional
    public void recordKnownError(long ticketId, String reference, boolean linked, Actor actor) {
        actor.requireAgent();
        var ticket = timeline.editable(ticketId, actor);
        timeline.commit(ticket, actor, clock.instant(), List.of(linked ? FieldChange.of(Change.KNOWN_ERROR, null, reference)
                : FieldChange.of(Change.KNOWN_ERROR, reference, null)));
    }

    private static String cut(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 999) + "…";
    }
}
