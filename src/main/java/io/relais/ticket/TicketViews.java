package io.relais.ticket;

import io.relais.directory.SupportLevel;
import io.relais.ticket.TicketEnums.ArticleKind;
import io.relais.ticket.TicketEnums.CallDirection;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.DeliveryState;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.LinkKind;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketEnums.Urgency;
import java.time.Instant;
import java.util.List;

/** What the ticket module shows: read models for pages and the API. */
public final class TicketViews {
    private TicketViews() {}

    public record TicketView(long id, TicketNumber number, String subject, String description,
                             Person requester, Ref organization, Ref category, Impact impact, Urgency urgency,
                             Priority priority, Channel channel, Status status, Ref group, Ref assignee,
                             SupportLevel supportLevel, List<String> tags, Long mergedIntoId,
                             Instant createdAt, Instant updatedAt, Instant firstResponseAt, Instant resolvedAt,
                             Instant closedAt, long version, boolean imported, Urgency customerUrgency) {}

    public record Person(long id, String name, String email, String phone, boolean vip) {}

    public record Ref(long id, String name) {}

    /** One line of a queue. */
    public record TicketRow(long id, long number, String subject, String requesterName, boolean requesterVip,
                            String organizationName, Priority priority, Status status, String assigneeName,
                            String groupName, Instant createdAt, Instant updatedAt, long organizationId,
                            Instant slaDueAt, Instant slaWarnAt) {}

    /**
     * One article. Mail articles also carry their addresses, whether an HTML version exists, their
     * delivery state (mailed replies) and the id of their raw source ({@code rawAttachmentId}).
     */
    public record ArticleView(long id, ArticleKind kind, boolean internal, String authorName, boolean byAgent,
                              String body, CallDirection callDirection, String callNumber, Integer callSeconds,
                              Instant createdAt, List<AttachmentView> attachments, Channel origin, boolean hasHtml,
                              String mailFrom, String mailTo, String mailCc, boolean automatic,
                              DeliveryState deliveryState, String deliveryDetail, Long rawAttachmentId) {}

    /** What the mail module needs to write to the people of a ticket. */
    public record MailThread(long ticketId, long number, String subject, Status status, long organizationId,
                             Long assigneeId, long requesterId, List<Long> participantIds, List<String> messageIds) {}

    /** An article as it will be mailed, with its files. */
    public record ArticleMail(long id, long ticketId, ArticleKind kind, boolean internal, String authorName,
                              Long authorAgentId, Long authorContactId, String body, Channel origin, boolean automatic,
                              List<AttachmentContent> files) {}

    /** An earlier public message, quoted below a mailed reply. */
    public record QuotedMessage(String authorName, java.time.Instant at, String body) {}

    public record AttachmentView(long id, String filename, String contentType, long size, String sha256) {}

    /** A timeline entry as stored; the UI renders text from {@code change} with message keys. */
    public record TimelineView(long id, long ticketVersion, Instant at, String actorName, Change change,
                               String oldValue, String newValue, Long articleId) {}

    /** A timeline entry as the SLA clocks read it: who acted (AGENT, CUSTOMER, SYSTEM) and what changed. */
    public record TimelineFact(long id, Instant at, String actorKind, Change change, String oldValue, String newValue) {}

    /** What the SLA clocks need of a ticket: its fields now, and its timeline entries after a given one. */
    public record SlaSource(long ticketId, long organizationId, Channel channel, Priority priority, Long categoryId,
                            Long groupId, Status status, Instant createdAt, List<TimelineFact> entries) {}

    public record LinkView(long id, LinkKind kind, boolean outgoing, long ticketId, long ticketNumber,
                           String ticketSubject, Status ticketStatus) {}

    public record Category(long id, Long parentId, String nameEn, String nameFr, int position, boolean active) {
        public String name(java.util.Locale locale) {
            return "fr".equals(locale.getLanguage()) ? nameFr : nameEn;
        }
    }

    /** A page of a keyset-paginated list: {@code nextCursor} is null on the last page. */
    public record Page<T>(List<T> items, String nextCursor) {}

    /** The content of an attachment, with what is needed to serve it safely. */
    public record AttachmentContent(AttachmentView meta, byte[] content) {}
}
