package io.relais.ticket;

import static io.relais.ticket.internal.Validation.MAX_BODY;
import static io.relais.ticket.internal.Validation.MAX_SUBJECT;
import static io.relais.ticket.internal.Validation.cut;
import static io.relais.ticket.internal.Validation.noNul;

import io.relais.common.NotFoundException;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.directory.SupportLevel;
import io.relais.security.Actor;
import io.relais.security.Role;
import io.relais.security.Scope;
import io.relais.ticket.TicketCommands.Incoming;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketEnums.ArticleKind;
import io.relais.ticket.TicketEnums.AttachmentRole;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.LinkKind;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketEvents.ArticleAdded;
import io.relais.ticket.TicketEvents.TicketCreated;
import io.relais.ticket.internal.Article;
import io.relais.ticket.internal.Attachments;
import io.relais.ticket.internal.FieldChange;
import io.relais.ticket.internal.SettingsStore;
import io.relais.ticket.internal.Ticket;
import io.relais.ticket.internal.TicketLink;
import io.relais.ticket.internal.TicketStore;
import io.relais.ticket.internal.TimelineWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What comes to tickets from outside, through the intake pipeline or a mail archive import: a message (a new ticket
 * or a follow-up), a delivery report, an imported ticket filed as history; and the batch controls of a caller that
 * takes many messages in one transaction ({@link #settle}, {@link #indexWithoutWaiting}).
 */
@Service
public class TicketIntake {
    private final TicketStore store;
    private final SettingsStore settings;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final TimelineWriter timeline;
    private final Attachments attachments;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration reopenWindow;

    TicketIntake(TicketStore store, SettingsStore settings, Directory directory, AgentsAndGroups agentsAndGroups,
                 TimelineWriter timeline, Attachments attachments, ApplicationEventPublisher events, Clock clock,
                 @Value("${relais.reopen-window-days:14}") int reopenWindowDays) {
        this.store = store;
        this.settings = settings;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.timeline = timeline;
        this.attachments = attachments;
        this.events = events;
        this.clock = clock;
        this.reopenWindow = Duration.ofDays(reopenWindowDays);
    }

    /**
     * For a caller that writes many messages in one transaction (the mail intake's groups), between two of
     * them: writes what the transaction changed so far, builds the search documents of what it touched and
     * lets go of the loaded entities. Otherwise each flush checks every entity loaded since the transaction
     * began, and the twentieth message of a group costs far more than the first. Only within a transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
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
    @Transactional(propagation = Propagation.MANDATORY)
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
            timeline.write(ticket, author, now, 0, List.of(FieldChange.of(Change.CREATED, null, ticket.number())));
            if (closedPredecessor != null) {
                store.persist(new TicketLink(ticket.id(), closedPredecessor.id(), LinkKind.RELATED, now));
                changes.add(FieldChange.of(Change.FOLLOW_UP_OF, null, closedPredecessor.number()));
                closedPredecessor.followedUpBy(ticket.id());
                timeline.commit(closedPredecessor, Actor.system("intake"), now,
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
        attachments.attach(ticket, article, in.attachments(), now, changes);
        if (in.inlineImages() != null) {
            for (var image : in.inlineImages()) {
                attachments.store(ticket, article, image.file(), AttachmentRole.INLINE, image.contentId(), now);
            }
        }
        if (in.raw() != null) {
            attachments.store(ticket, article, in.raw(), AttachmentRole.RAW, null, now);
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
            timeline.write(ticket, author, now, 0, changes);
        } else {
            timeline.commit(ticket, author, now, changes);
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
        timeline.commit(ticket, Actor.system("mail import"), at, changes);
        return true;
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
            attachments.store(ticket, article, raw, AttachmentRole.RAW, null, now);
        }
        timeline.commit(ticket, Actor.system("mail"), now, changes);
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
}
