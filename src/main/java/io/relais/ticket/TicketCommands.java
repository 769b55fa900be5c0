package io.relais.ticket;

import io.relais.ticket.TicketEnums.CallDirection;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.LinkKind;
import io.relais.ticket.TicketEnums.Urgency;
import java.util.List;

/** What callers ask the ticket module to do. */
public final class TicketCommands {
    private TicketCommands() {}

    /** Opens a ticket. {@code requesterId} is ignored for customers (they are the requester). */
    public record NewTicket(String subject, String description, Long requesterId, Long categoryId, Impact impact,
                            Urgency urgency, Channel channel, Long groupId, Long assigneeId, List<String> tags) {}

    /**
     * Changes fields; a null field is left as it is. {@code expectedVersion}, when given, refuses the
     * change if someone else changed the ticket meanwhile. {@code unassign} clears the assignee.
     */
    public record TicketUpdate(Long expectedVersion, String subject, Status status, Impact impact, Urgency urgency,
                               Long categoryId, Long groupId, Long assigneeId, Boolean unassign, List<String> tags,
                               Long requesterId) {
        public static TicketUpdate status(Status status) {
            return new TicketUpdate(null, null, status, null, null, null, null, null, null, null, null);
        }

        public static TicketUpdate assignTo(long agentId) {
            return new TicketUpdate(null, null, null, null, null, null, null, agentId, null, null, null);
        }
    }

    /** A public reply (or an internal note when {@code internal}). */
    /** {@code quoteHistory}: a public reply mailed with the earlier messages quoted below it. */
    public record NewMessage(String body, boolean internal, List<Upload> attachments, boolean quoteHistory) {
        public NewMessage(String body, boolean internal, List<Upload> attachments) {
            this(body, internal, attachments, false);
        }
    }

    /** A phone call, logged with its direction, number, duration and a summary. */
    /**
     * A call with the customer, logged for the team: its summary, number and duration are internal unless
     * {@code shared} (the agent chose to show it to the customer on their ticket).
     */
    public record NewCallLog(CallDirection direction, String number, Integer durationSeconds, String summary,
                             List<Upload> attachments, boolean shared) {
        public NewCallLog(CallDirection direction, String number, Integer durationSeconds, String summary,
                          List<Upload> attachments) {
            this(direction, number, durationSeconds, summary, attachments, false);
        }
    }

    public record NewLink(long targetTicketId, LinkKind kind) {}

    /**
     * A message from outside (mail today; SMS, alerts and chat later), as the intake pipeline hands it
     * over once it knows who wrote it and where it belongs.
     *
     * @param ticketId       the ticket it follows up, or null for a new ticket
     * @param contactId      the customer who wrote it (null when {@code agentId} is set)
     * @param agentId        an agent, only when the message is verified as theirs
     * @param organizationId the organization of a new ticket (the contact's)
     * @param groupId        the group of a new ticket (the mailbox's default), may be null
     * @param participantIds contacts copied on the message: they become participants
     */
    public record Incoming(Long ticketId, String subject, String body, String bodyHtml, Long contactId, Long agentId,
                           String authorName, long organizationId, Long groupId, Channel channel, MailIdentity mail,
                           boolean automatic, List<Upload> attachments, List<InlineImage> inlineImages, Upload raw,
                           List<Long> participantIds, History history) {}

    /**
     * A message from an archive (mail import), not arriving now: it keeps its own date {@code at}, and
     * nothing answers it or notifies anyone about it; a ticket it opens is marked imported (no SLA clocks).
     */
    public record History(java.time.Instant at) {}

    /** The mail headers an article keeps. */
    public record MailIdentity(String messageId, String from, String to, String cc) {}

    /** An image the HTML body shows by {@code cid:contentId}. */
    public record InlineImage(String contentId, Upload file) {}

    /** A file as received: its declared name and type are kept, its type is never trusted for rendering. */
    public record Upload(String filename, String contentType, byte[] content) {}
}
