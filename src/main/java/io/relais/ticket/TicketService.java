package io.relais.ticket;

import io.relais.common.ConflictException;
import io.relais.common.InvalidInputException;
import io.relais.common.InvalidInputException.FieldProblem;
import io.relais.common.Letters;
import io.relais.common.NotFoundException;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.directory.SupportLevel;
import io.relais.security.Actor;
import io.relais.security.PersonDirectory;
import io.relais.ticket.TicketCommands.NewCallLog;
import io.relais.ticket.TicketCommands.NewLink;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketEnums.ArticleKind;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.LinkKind;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketEvents.ArticleAdded;
import io.relais.ticket.TicketEvents.TicketChanged;
import io.relais.ticket.TicketEvents.TicketCreated;
import io.relais.ticket.TicketEvents.StatusChanged;
import io.relais.ticket.TicketCommands.Incoming;
import io.relais.ticket.TicketEnums.AttachmentRole;
import io.relais.ticket.TicketEnums.DeliveryState;
import io.relais.security.Role;
import io.relais.security.Scope;
import io.relais.ticket.internal.Article;
import io.relais.ticket.internal.Attachment;
import io.relais.ticket.internal.EditsSince;
import io.relais.ticket.internal.AttachmentStorage;
import io.relais.ticket.internal.FieldChange;
import io.relais.ticket.internal.SettingsStore;
import io.relais.ticket.internal.Ticket;
import io.relais.ticket.internal.TicketLink;
import io.relais.ticket.internal.TicketStore;
import io.relais.ticket.internal.TimelineEntry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;

/** The ticket use cases. One transaction each; every change lands on the timeline in that transaction. */
@Service
public class TicketService {
    static final int MAX_SUBJECT = 300;
    static final int MAX_BODY = 100_000;
    static final int MAX_ATTACHMENTS = io.relais.common.AttachmentLimits.MAX_FILES;
    static final int MAX_TAGS = 20;

    private final TicketStore store;
    private final SettingsStore settings;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final PersonDirectory people;
    private final AttachmentStorage storage;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration reopenWindow;
    private final long maxAttachmentBytes;

    TicketService(TicketStore store, SettingsStore settings, Directory directory, AgentsAndGroups agentsAndGroups, PersonDirectory people,
                  AttachmentStorage storage, ApplicationEventPublisher events, Clock clock,
                  @Value("${relais.reopen-window-days:14}") int reopenWindowDays,
                  @Value("${relais.attachments.max-size:25MB}") DataSize maxAttachment) {
        this.store = store;
        this.settings = settings;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.people = people;
        this.storage = storage;
        this.events = events;
        this.clock = clock;
        this.reopenWindow = Duration.ofDays(reopenWindowDays);
        this.maxAttachmentBytes = maxAttachment.toBytes();
    }

    public record Opened(long id, TicketNumber number) {}

    @Transactional
    public Opened open(NewTicket cmd, Actor actor) {
        var problems = new ArrayList<FieldProblem>();
        var subject = text(cmd.subject(), "subject", MAX_SUBJECT, true, problems);
        var description = text(cmd.description(), "description", MAX_BODY, false, problems);
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
        checkCategory(cmd.categoryId(), problems);
        var tags = tags(cmd.tags(), problems);
        SupportLevel level = SupportLevel.L1;
        if (cmd.groupId() != null && organizationId != 0) {
            level = checkGroup(cmd.groupId(), organizationId, problems);
        }
        if (cmd.assigneeId() != null && organizationId != 0) {
            checkAssignee(cmd.assigneeId(), organizationId, problems);
        }
        throwIfAny(problems);

        var impact = cmd.impact() == null ? Impact.USER : cmd.impact();
        var urgency = cmd.urgency() == null || !actor.isAgent() ? Urgency.MEDIUM : cmd.urgency();
        var channel = cmd.channel() != null ? cmd.channel() : actor.isAgent() ? Channel.PHONE : Channel.PORTAL;
        var now = clock.instant();
        var ticket = store.persist(new Ticket(store.nextNumber(), subject, description, requesterId, organizationId,
                cmd.categoryId(), impact, urgency, settings.priority(impact, urgency), channel, cmd.groupId(),
                cmd.assigneeId(), level, tags, now).customerSays(actor.isAgent() ? null : cmd.urgency()));
        write(ticket, actor, now, 0, List.of(FieldChange.of(Change.CREATED, null, ticket.number())));
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
        var ticket = editable(ticketId, actor);
        var since = cmd.expectedVersion() == null || cmd.expectedVersion() == ticket.version() ? null
                : new EditsSince(store.timelineSince(actor.scope(), ticket.id(), cmd.expectedVersion()));
        var problems = new ArrayList<FieldProblem>();
        var now = clock.instant();
        var subject = cmd.subject() == null ? null : text(cmd.subject(), "subject", MAX_SUBJECT, true, problems);
        if (cmd.requesterId() != null) {
            var requesterOrganization = directory.organizationOfContact(actor, cmd.requesterId());
            if (requesterOrganization.isEmpty()) {
                problems.add(new FieldProblem("requesterId", "unknown contact"));
            } else if (requesterOrganization.get() != ticket.organizationId()) {
                problems.add(new FieldProblem("requesterId", "the requester must belong to the ticket's organization"));
            }
        }
        if (cmd.categoryId() != null) {
            checkCategory(cmd.categoryId(), problems);
        }
        var groupLevel = cmd.groupId() == null ? null : checkGroup(cmd.groupId(), ticket.organizationId(), problems);
        if (cmd.assigneeId() != null) {
            checkAssignee(cmd.assigneeId(), ticket.organizationId(), problems);
        }
        var tags = cmd.tags() == null ? null : tags(cmd.tags(), problems);
        throwIfAny(problems);

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
            throw new StaleTicketException(ticket.version(), since.conflicts().stream().map(TicketQueries::view).toList());
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
        commit(ticket, actor, now, changes);
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
        var ticket = editable(ticketId, actor);
        var problems = new ArrayList<FieldProblem>();
        var body = text(cmd.body(), "body", MAX_BODY, true, problems);
        checkUploads(cmd.attachments(), problems);
        throwIfAny(problems);
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
        attach(ticket, article, cmd.attachments(), now, changes);
        commit(ticket, actor, now, changes);
        events.publishEvent(new ArticleAdded(ticket.id(), article.id(), kind, cmd.internal(), actor.isAgent(), origin, false,
                cmd.quoteHistory() && !cmd.internal(), false));
        return article.id();
    }

    @Transactional
    public long logCall(long ticketId, NewCallLog cmd, Actor actor) {
        actor.requireAgent();
        var ticket = editable(ticketId, actor);
        var problems = new ArrayList<FieldProblem>();
        var summary = text(cmd.summary(), "summary", MAX_BODY, true, problems);
        if (cmd.direction() == null) {
            problems.add(new FieldProblem("direction", "INBOUND or OUTBOUND"));
        }
        if (cmd.durationSeconds() != null && (cmd.durationSeconds() < 0 || cmd.durationSeconds() > 86_400)) {
            problems.add(new FieldProblem("durationSeconds", "between 0 and 86400"));
        }
        var number = text(cmd.number(), "number", 64, false, problems);
        checkUploads(cmd.attachments(), problems);
        throwIfAny(problems);
        var now = clock.instant();
        var changes = new ArrayList<FieldChange>(ticket.agentResponded(now));
        // A call is a conversation with the customer, but it is logged for the team: not mailed, and not shown to the
        // customer (numbers, durations, what was said) unless the agent shares it.
        var article = store.persist(new Article(ticket.id(), ArticleKind.CALL, !cmd.shared(), actor.agentId(), null,
                actor.name(), summary, cmd.direction(), number, cmd.durationSeconds(), now).origin(Channel.PHONE));
        changes.add(0, new FieldChange(Change.CALL_LOGGED, null, cmd.direction().name(), article.id()));
        attach(ticket, article, cmd.attachments(), now, changes);
        commit(ticket, actor, now, changes);
        events.publishEvent(new ArticleAdded(ticket.id(), article.id(), ArticleKind.CALL, !cmd.shared(), true, Channel.PHONE, false));
        return article.id();
    }

    @Transactional
    public long link(long ticketId, NewLink cmd, Actor actor) {
        actor.requireAgent();
        var ticket = editable(ticketId, actor);
        if (cmd.kind() == null) {
            throw InvalidInputException.field("kind", "PARENT_OF, RELATED or DUPLICATE_OF");
        }
        var target = store.ticket(actor.scope(), cmd.targetTicketId())
                .orElseThrow(() -> InvalidInputException.field("targetTicketId", "unknown ticket"));
        if (target.id().equals(ticket.id())) {
            throw InvalidInputException.field("targetTicketId", "a ticket cannot be linked to itself");
        }
        if (store.linkExists(ticket.id(), target.id(), cmd.kind())
                || (cmd.kind() == LinkKind.RELATED && store.linkExists(target.id(), ticket.id(), LinkKind.RELATED))) {
            throw new ConflictException("These tickets are already linked that way");
        }
        if (cmd.kind() == LinkKind.PARENT_OF && store.linkExists(target.id(), ticket.id(), LinkKind.PARENT_OF)) {
            throw new ConflictException("The target is already the parent of this ticket");
        }
        var now = clock.instant();
        var link = store.persist(new TicketLink(ticket.id(), target.id(), cmd.kind(), now));
        commit(ticket, actor, now, List.of(FieldChange.of(Change.LINK_ADDED, null, cmd.kind() + " #" + target.number())));
        return link.id();
    }

    @Transactional
    public void unlink(long ticketId, long linkId, Actor actor) {
        actor.requireAgent();
        var ticket = editable(ticketId, actor);
        var link = store.link(ticket.id(), linkId).orElseThrow(() -> new NotFoundException("link", linkId));
        var otherId = link.sourceId() == ticket.id() ? link.targetId() : link.sourceId();
        var other = store.ticket(actor.scope(), otherId).orElseThrow(() -> new NotFoundException("link", linkId));
        store.remove(link);
        commit(ticket, actor, clock.instant(), List.of(FieldChange.of(Change.LINK_REMOVED, link.kind() + " #" + other.number(), null)));
    }

    /** Moves the conversation of {@code ticketId} into {@code targetId}; the merged ticket becomes a pointer. */
    @Transactional
    public void merge(long ticketId, long targetId, Actor actor) {
        actor.requireAgent();
        var source = editable(ticketId, actor);
        var target = store.ticket(actor.scope(), targetId)
                .orElseThrow(() -> InvalidInputException.field("targetTicketId", "unknown ticket"));
        if (target.id().equals(source.id())) {
            throw InvalidInputException.field("targetTicketId", "a ticket cannot be merged into itself");
        }
        if (target.isMerged()) {
            throw new ConflictException("The target was itself merged into another ticket");
        }
        if (target.organizationId() != source.organizationId()) {
            throw InvalidInputException.field("targetTicketId", "tickets of different organizations cannot be merged");
        }
        var now = clock.instant();
        store.moveConversation(source.id(), target.id());
        commit(source, actor, now, source.mergeInto(target.id(), target.number(), now));
        commit(target, actor, now, List.of(FieldChange.of(Change.MERGED_FROM, null, source.number())));
    }


    /**
     * For a caller that writes many messages in one transaction (the mail intake's groups), between two of
     * them: writes what the transaction changed so far, builds the search documents of what it touched and
     * lets go of the loaded entities. Otherwise each flush checks every entity loaded since the transaction
     * began, and the twentieth message of a group costs far more than the first. Only within a transaction.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void settle() {
        store.settle();
    }

    /**
     * For a caller that nobody waits on (the mail fetcher), at the start of its transaction: the search index
     * takes this transaction's changes after the commit without the caller waiting for it (the other
     * transactions wait until the change is searchable). The index work runs while the caller goes on with
     * its next transaction; it is applied in commit order, and a search right after may not see it yet.
     * Only within a transaction.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void indexWithoutWaiting() {
        store.indexWithoutWaiting();
    }

    /** What became of an incoming message. {@code created}: a new ticket; {@code reopened}: it was resolved or closed. */
    public record Received(long ticketId, long number, long articleId, boolean created, boolean reopened) {}

    /**
     * Takes a message from outside: a follow-up of {@code in.ticketId()} (following merges and
     * follow-ups; a ticket closed beyond the reopen window gets a new, linked ticket, once), or a new
     * ticket. The intake pipeline is the only caller; it has already decided who wrote it.
     */
    @Transactional
    public Received receive(Incoming in) {
        var history = in.history();
        // an archived message keeps its date (never one in the future)
        var now = history != null && history.at() != null && history.at().isBefore(clock.instant()) ? history.at() : clock.instant();
        var author = intakeActor(in);
        var subject = in.subject() == null || in.subject().isBlank() ? "(no subject)" : cut(noNul(in.subject()).strip(), MAX_SUBJECT);
        var body = in.body() == null ? "" : noNul(in.body()).strip();
        if (body.length() > MAX_BODY) {
            body = body.substring(0, MAX_BODY) + "\n[…]";
        }
        Ticket ticket = null;
        Ticket closedPredecessor = null;
        if (in.ticketId() != null) {
            ticket = store.ticket(Scope.everything(), in.ticketId()).orElse(null);
            for (int hops = 0; ticket != null && hops < 20; hops++) {
                Long next = ticket.isMerged() ? ticket.mergedIntoId() : ticket.followUpId();
                if (next == null) {
                    break;
                }
                ticket = store.ticket(Scope.everything(), next).orElse(ticket);
            }
            if (ticket != null && ticket.closedBeyond(now, reopenWindow)) {
                closedPredecessor = ticket;
                ticket = null;
            }
        }
        var changes = new ArrayList<FieldChange>();
        boolean created = ticket == null;
        boolean reopened = false;
        if (created) {
            var organizationId = closedPredecessor != null ? closedPredecessor.organizationId() : in.organizationId();
            Long groupId = closedPredecessor != null ? closedPredecessor.groupId() : in.groupId();
            var level = SupportLevel.L1;
            if (groupId != null) {
                var group = agentsAndGroups.checkGroup(groupId, organizationId).filter(g -> g.servesOrganization());
                groupId = group.isPresent() ? groupId : null;
                level = group.map(g -> g.level()).orElse(SupportLevel.L1);
            }
            long requesterId = in.contactId() != null ? in.contactId()
                    : closedPredecessor != null ? closedPredecessor.requesterId() : 0;
            if (requesterId == 0) {
                throw new IllegalArgumentException("a new ticket needs the contact who wrote it");
            }
            var channel = in.channel() == null ? Channel.EMAIL : in.channel();
            ticket = store.persist(new Ticket(store.nextNumber(), subject, null, requesterId, organizationId, null,
                    Impact.USER, Urgency.MEDIUM, settings.priority(Impact.USER, Urgency.MEDIUM), channel, groupId, null,
                    level, List.of(), now));
            if (history != null) {
                ticket.markImported();
            }
            write(ticket, author, now, 0, List.of(FieldChange.of(Change.CREATED, null, ticket.number())));
            if (closedPredecessor != null) {
                store.persist(new TicketLink(ticket.id(), closedPredecessor.id(), LinkKind.RELATED, now));
                changes.add(FieldChange.of(Change.FOLLOW_UP_OF, null, closedPredecessor.number()));
                closedPredecessor.followedUpBy(ticket.id());
                commit(closedPredecessor, Actor.system("intake"), now,
                        List.of(FieldChange.of(Change.LINK_ADDED, null, LinkKind.RELATED + " #" + ticket.number())));
            }
            events.publishEvent(new TicketCreated(ticket.id(), organizationId, channel, in.automatic(), history != null));
        } else if (!in.automatic()) {
            if (author.isAgent()) {
                changes.addAll(ticket.agentResponded(now));
            } else if (ticket.status() == Status.CLOSED) {
                changes.addAll(ticket.changeStatus(Status.OPEN, now, reopenWindow));
                reopened = true;
            } else {
                reopened = ticket.status() == Status.RESOLVED;
                changes.addAll(ticket.customerResponded(now, reopenWindow));
            }
        }
        var mail = in.mail();
        var article = store.persist(new Article(ticket.id(), ArticleKind.REPLY, false, in.agentId(), in.contactId(),
                cut(noNul(author.name()), 200), body, null, null, null, now)
                .mail(in.channel() == null ? Channel.EMAIL : in.channel(), mail == null ? null : noNul(mail.messageId()),
                        mail == null ? null : noNul(mail.from()), mail == null ? null : noNul(mail.to()),
                        mail == null ? null : noNul(mail.cc()),
                        noNul(in.bodyHtml()), in.automatic()));
        changes.add(0, new FieldChange(Change.REPLY_ADDED, null, null, article.id()));
        attach(ticket, article, in.attachments(), now, changes);
        if (in.inlineImages() != null) {
            for (var image : in.inlineImages()) {
                store(ticket, article, image.file(), AttachmentRole.INLINE, image.contentId(), now);
            }
        }
        if (in.raw() != null) {
            store(ticket, article, in.raw(), AttachmentRole.RAW, null, now);
        }
        if (in.participantIds() != null) {
            for (var contactId : in.participantIds()) {
                if (contactId != ticket.requesterId() && store.addParticipant(ticket.id(), contactId, now)) {
                    var who = directory.contact(Actor.system("intake"), contactId)
                            .map(c -> c.email() == null ? c.name() : c.name() + " <" + c.email() + ">").orElse("#" + contactId);
                    changes.add(FieldChange.of(Change.PARTICIPANT_ADDED, null, who));
                }
            }
        }
        if (created) {
            write(ticket, author, now, 0, changes);
        } else {
            commit(ticket, author, now, changes);
        }
        events.publishEvent(new ArticleAdded(ticket.id(), article.id(), ArticleKind.REPLY, false, author.isAgent(),
                in.channel() == null ? Channel.EMAIL : in.channel(), in.automatic(), false, history != null));
        return new Received(ticket.id(), ticket.number(), article.id(), created, reopened);
    }

    /**
     * A ticket opened by a mail archive import, filed as history when the import was asked to: resolved then
     * closed at the date of its last message, by the import (not an agent: nothing is mailed). False when it
     * is not an imported ticket, is merged, or is closed already.
     */
    @Transactional
    public boolean closeImported(long ticketId) {
        var ticket = store.ticket(Scope.everything(), ticketId).orElse(null);
        if (ticket == null || !ticket.imported() || ticket.isMerged() || ticket.status() == Status.CLOSED) {
            return false;
        }
        var at = ticket.updatedAt();
        var changes = new ArrayList<FieldChange>();
        if (ticket.status() != Status.RESOLVED) {
            changes.addAll(ticket.changeStatus(Status.RESOLVED, at, reopenWindow));
        }
        changes.addAll(ticket.changeStatus(Status.CLOSED, at, reopenWindow));
        commit(ticket, Actor.system("mail import"), at, changes);
        return true;
    }

    /** The mail module queued this article for the customer: it now carries the mail's identity. */
    @Transactional
    public void markMailed(long articleId, String messageId, String from, String to, String cc) {
        store.article(Scope.everything(), articleId).ifPresent(a -> a.mailed(messageId, from, to, cc));
    }

    /** The outbox reports what became of an article mailed to the customer; a failure shows on the timeline. */
    @Transactional
    public void recordDelivery(long articleId, DeliveryState state, String detail) {
        var article = store.article(Scope.everything(), articleId).orElse(null);
        if (article == null || article.deliveryState() == state) {
            return;
        }
        article.delivery(state, detail);
        if (state == DeliveryState.FAILED) {
            store.ticket(Scope.everything(), article.ticketId()).ifPresent(t -> commit(t, Actor.system("mail"),
                    clock.instant(), List.of(new FieldChange(Change.MAIL_FAILED, null, cut(detail, 1000), articleId))));
        }
    }

    /** A delivery report came back for a mail of this ticket: kept as an internal note, visible to agents. */
    @Transactional
    public long recordBounce(long ticketId, String recipient, String report, Upload raw) {
        var ticket = store.ticket(Scope.everything(), ticketId).orElseThrow(() -> new NotFoundException("ticket", ticketId));
        var now = clock.instant();
        var text = report == null || report.isBlank() ? "Delivery failed" : cut(report.strip(), MAX_BODY);
        var article = store.persist(new Article(ticket.id(), ArticleKind.NOTE, true, null, null, "Mail delivery",
                text, null, null, null, now).mail(Channel.EMAIL, null, null, null, null, null, true));
        var changes = new ArrayList<FieldChange>();
        changes.add(new FieldChange(Change.MAIL_BOUNCED, null, cut(recipient, 1000), article.id()));
        if (raw != null) {
            store(ticket, article, raw, AttachmentRole.RAW, null, now);
        }
        commit(ticket, Actor.system("mail"), now, changes);
        return article.id();
    }

    private Actor intakeActor(Incoming in) {
        var name = in.authorName() == null || in.authorName().isBlank() ? "?" : in.authorName();
        if (in.agentId() != null) {
            return new Actor(0, Actor.Kind.AGENT, in.agentId(), name, Role.AGENT, Scope.everything(), "en");
        }
        return new Actor(0, Actor.Kind.CUSTOMER, in.contactId() == null ? 0 : in.contactId(), name, Role.CUSTOMER,
                Scope.everything(), "en");
    }

    private void store(Ticket ticket, Article article, Upload file, AttachmentRole role, String contentId, Instant now) {
        if (file == null || file.content() == null) {
            return;
        }
        var sha = sha256(file.content());
        storage.store(sha, file.content());
        store.persist(new Attachment(ticket.id(), article.id(), sha, safeFilename(file.filename()),
                contentType(file.contentType()), file.content().length, now, role, cut(contentId, 300)));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** NUL characters: a text column cannot hold them (PostgreSQL refuses the row); a hostile mail or payload may carry some. */
    private static String noNul(String s) {
        return s == null || s.indexOf('\u0000') < 0 ? s : s.replace("\u0000", "");
    }

    /**
     * A guided first check run on the ticket (typically during a call): the path taken, questions and answers,
     * on the timeline. Values are cut to the timeline's 1,000 characters; the run keeps every step.
     */
    @Transactional
    public void recordGuidedCheck(long ticketId, String treeTitle, String path, Actor actor) {
        actor.requireAgent();
        var ticket = editable(ticketId, actor);
        commit(ticket, actor, clock.instant(), List.of(FieldChange.of(Change.GUIDED_CHECK, cut(treeTitle), cut(path))));
    }

    /** The ticket is now an occurrence of a known error ({@code linked}), or no longer: on the timeline. */
    @Transactional
    public void recordKnownError(long ticketId, String reference, boolean linked, Actor actor) {
        actor.requireAgent();
        var ticket = editable(ticketId, actor);
        commit(ticket, actor, clock.instant(), List.of(linked ? FieldChange.of(Change.KNOWN_ERROR, null, reference)
                : FieldChange.of(Change.KNOWN_ERROR, reference, null)));
    }

    private static String cut(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 999) + "…";
    }

    /**
     * The nearest SLA due instant of tickets (queues sort by it) and that clock's warning instant; written by the SLA
     * clocks, several tickets at once (one round trip).
     */
    @Transactional
    public void recordSlaDue(List<SlaDue> dues) {
        store.slaDue(dues);
    }

    /** A ticket's nearest SLA due instant and the instant its warning fires (either may be null). */
    public record SlaDue(long ticketId, Instant due, Instant warnAt) {}

    /**
     * An SLA clock reached its warning threshold or breached: recorded on the timeline (the clock's name
     * as value), with the policy's actions on the ticket. {@code raisePriority} moves urgency (then impact)
     * up until the matrix gives a higher priority; {@code escalate} hands the ticket to the first group at the
     * next support level serving its organization; {@code groupId} reassigns it to that group. A change of
     * group leaves the ticket unassigned, for the new group to take. Nothing happens on a closed or merged
     * ticket (the result is empty then). The alert itself changes nothing of the ticket: its timeline entry
     * carries the ticket's current version, and neither "updated" nor the version moves (a form opened before
     * it still saves); only the actions, when they change a field, are a change of the ticket.
     */
    public record SlaAlert(String clock, boolean breach, boolean raisePriority, boolean escalate, Long groupId) {}

    /** The ticket after the alert: who should hear of it, and what the actions did. */
    public record SlaAlerted(long number, String subject, long organizationId, Long groupId, Long assigneeId,
                             Long previousAssigneeId, List<String> done) {}

    @Transactional
    public Optional<SlaAlerted> recordSlaAlert(long ticketId, SlaAlert alert) {
        var ticket = store.ticket(Scope.everything(), ticketId).orElse(null);
        if (ticket == null || ticket.isMerged() || ticket.status() == Status.CLOSED) {
            return Optional.empty();
        }
        var now = clock.instant();
        var sla = Actor.system("SLA");
        write(ticket, sla, now, ticket.version(),
                List.of(FieldChange.of(alert.breach() ? Change.SLA_BREACHED : Change.SLA_WARNING, null, alert.clock())));
        var changes = new ArrayList<FieldChange>();
        var done = new ArrayList<String>();
        var previousAssignee = ticket.assigneeId();
        if (alert.raisePriority()) {
            var raised = raisePriority(ticket);
            if (!raised.isEmpty()) {
                done.add("RAISE_PRIORITY");
            }
            changes.addAll(raised);
        }
        Long target = null;
        SupportLevel targetLevel = null;
        if (alert.groupId() != null) {
            var check = agentsAndGroups.checkGroup(alert.groupId(), ticket.organizationId());
            if (check.isPresent() && check.get().servesOrganization()) {
                target = alert.groupId();
                targetLevel = check.get().level();
            }
        } else if (alert.escalate()) {
            var next = nextLevel(ticket.supportLevel());
            if (next != null) {
                var group = agentsAndGroups.groupsServing(ticket.organizationId()).stream().filter(g -> g.level() == next)
                        .findFirst().orElse(null);
                if (group != null) {
                    target = group.id();
                    targetLevel = next;
                }
            }
        }
        if (target != null && !target.equals(ticket.groupId())) {
            changes.addAll(ticket.changeGroup(target, targetLevel));
            changes.addAll(ticket.changeAssignee(null));
            done.add(alert.groupId() != null ? "REASSIGN" : "ESCALATE");
        }
        commit(ticket, sla, now, changes);
        return Optional.of(new SlaAlerted(ticket.number(), ticket.subject(), ticket.organizationId(), ticket.groupId(),
                ticket.assigneeId(), previousAssignee, done));
    }

    /**
     * The smallest move of urgency and impact (urgency first) that gives a higher priority through the
     * matrix; nothing when the ticket is already at the top.
     */
    private List<FieldChange> raisePriority(Ticket ticket) {
        var urgencies = Urgency.values(); // HIGH, MEDIUM, LOW
        var impacts = Impact.values(); // ORGANIZATION, DEPARTMENT, USER
        int u0 = ticket.urgency().ordinal();
        int i0 = ticket.impact().ordinal();
        for (int steps = 1; steps <= u0 + i0; steps++) {
            for (int du = steps; du >= 0; du--) {
                int di = steps - du;
                if (du > u0 || di > i0) {
                    continue;
                }
                var urgency = urgencies[u0 - du];
                var impact = impacts[i0 - di];
                var priority = settings.priority(impact, urgency);
                if (priority.ordinal() < ticket.priority().ordinal()) {
                    return ticket.changeImpactUrgency(impact, urgency, priority);
                }
            }
        }
        return List.of();
    }

    private static SupportLevel nextLevel(SupportLevel level) {
        if (level == null) {
            return SupportLevel.L2;
        }
        return switch (level) {
            case L1 -> SupportLevel.L2;
            case L2 -> SupportLevel.L3;
            default -> null;
        };
    }

    // ---- helpers

    private Ticket editable(long ticketId, Actor actor) {
        var ticket = store.ticket(actor.scope(), ticketId).orElseThrow(() -> new NotFoundException("ticket", ticketId));
        if (ticket.isMerged()) {
            throw new ConflictException("This ticket was merged into another one and can no longer change");
        }
        return ticket;
    }

    private void commit(Ticket ticket, Actor actor, Instant now, List<FieldChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        var newVersion = ticket.version() + 1;
        ticket.touch(now);
        write(ticket, actor, now, newVersion, changes);
        events.publishEvent(new TicketChanged(ticket.id(), ticket.organizationId(), newVersion));
        for (var c : changes) {
            if (c.change() == Change.STATUS) {
                events.publishEvent(new StatusChanged(ticket.id(), ticket.organizationId(), Status.valueOf(c.oldValue()),
                        Status.valueOf(c.newValue()), actor.isAgent() && actor.kind() != Actor.Kind.SYSTEM));
            }
        }
    }

    private void write(Ticket ticket, Actor actor, Instant now, long version, List<FieldChange> changes) {
        for (var c : changes) {
            store.persist(new TimelineEntry(ticket.id(), version, now, actor.kind().name(),
                    actor.kind() == Actor.Kind.SYSTEM ? null : actor.personId(), actor.name(), c));
        }
    }

    private void attach(Ticket ticket, Article article, List<Upload> uploads, Instant now, List<FieldChange> changes) {
        if (uploads == null) {
            return;
        }
        for (var u : uploads) {
            var sha = sha256(u.content());
            storage.store(sha, u.content());
            var name = safeFilename(u.filename());
            store.persist(new Attachment(ticket.id(), article.id(), sha, name, contentType(u.contentType()),
                    u.content().length, now));
            changes.add(new FieldChange(Change.ATTACHMENT_ADDED, null, name, article.id()));
        }
    }

    private void checkUploads(List<Upload> uploads, List<FieldProblem> problems) {
        if (uploads == null) {
            return;
        }
        if (uploads.size() > MAX_ATTACHMENTS) {
            problems.add(new FieldProblem("attachments", "at most " + MAX_ATTACHMENTS + " files"));
        }
        for (var u : uploads) {
            if (u.content() == null) {
                problems.add(new FieldProblem("attachments", "a file has no content"));
            } else if (u.content().length > maxAttachmentBytes) {
                problems.add(new FieldProblem("attachments", "\"" + safeFilename(u.filename()) + "\" is larger than "
                        + DataSize.ofBytes(maxAttachmentBytes).toMegabytes() + " MB"));
            }
        }
    }

    private void checkCategory(Long categoryId, List<FieldProblem> problems) {
        if (categoryId != null && settings.category(categoryId).filter(c -> c.active()).isEmpty()) {
            problems.add(new FieldProblem("categoryId", "unknown category"));
        }
    }

    private SupportLevel checkGroup(long groupId, long organizationId, List<FieldProblem> problems) {
        var group = agentsAndGroups.checkGroup(groupId, organizationId);
        if (group.isEmpty()) {
            problems.add(new FieldProblem("groupId", "unknown group"));
            return SupportLevel.L1;
        }
        if (!group.get().servesOrganization()) {
            problems.add(new FieldProblem("groupId", "this group does not serve the ticket's organization"));
        }
        return group.get().level();
    }

    private void checkAssignee(long agentId, long organizationId, List<FieldProblem> problems) {
        var agent = people.agent(agentId);
        if (agent.isEmpty() || !agent.get().active()) {
            problems.add(new FieldProblem("assigneeId", "unknown agent"));
        } else if (!agent.get().scope().includesOrganization(organizationId)) {
            problems.add(new FieldProblem("assigneeId", "this agent does not serve the ticket's organization"));
        }
    }

    private static List<String> tags(List<String> raw, List<FieldProblem> problems) {
        if (raw == null) {
            return List.of();
        }
        var tags = new LinkedHashSet<String>();
        for (var t : raw) {
            if (t == null) {
                continue;
            }
            var tag = Letters.lower(t.trim());
            if (tag.isEmpty()) {
                continue;
            }
            if (tag.length() > 40 || tag.contains(",")) {
                problems.add(new FieldProblem("tags", "a tag has at most 40 characters and no comma"));
                return List.of();
            }
            tags.add(tag);
        }
        if (tags.size() > MAX_TAGS) {
            problems.add(new FieldProblem("tags", "at most " + MAX_TAGS + " tags"));
        }
        return List.copyOf(tags);
    }

    private static String text(String value, String field, int max, boolean required, List<FieldProblem> problems) {
        value = noNul(value);
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(new FieldProblem(field, "required"));
            }
            return null;
        }
        if (value.length() > max) {
            problems.add(new FieldProblem(field, "at most " + max + " characters"));
            return null;
        }
        return field.equals("body") || field.equals("description") || field.equals("summary") ? value.strip() : value.trim();
    }

    private static void throwIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid input", problems);
        }
    }


    static String safeFilename(String name) {
        if (name == null || name.isBlank()) {
            return "file";
        }
        var base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "_").trim();
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            return "file";
        }
        return base.length() > 200 ? base.substring(base.length() - 200) : base;
    }

    private static String contentType(String declared) {
        if (declared == null || !declared.matches("[\\w.+-]+/[\\w.+-]+(;.*)?") || declared.length() > 150) {
            return "application/octet-stream";
        }
        return Letters.lower(declared).split(";")[0].trim();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
