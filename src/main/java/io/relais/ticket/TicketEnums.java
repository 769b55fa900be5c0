package io.relais.ticket;

/** Closed sets of values used on tickets (each nested enum is a top-level concept). */
public final class TicketEnums {
    private TicketEnums() {}

    public enum Impact { ORGANIZATION, DEPARTMENT, USER }

    public enum Urgency { HIGH, MEDIUM, LOW }

    public enum Priority { P1, P2, P3, P4 }

    public enum Channel { PHONE, EMAIL, PORTAL, API, WEB, CHAT, SMS, ALERT }

    public enum ArticleKind { REPLY, NOTE, CALL }

    public enum CallDirection { INBOUND, OUTBOUND }

    /** FILE: listed on the article; INLINE: an image the HTML shows by cid:; RAW: the source of a mail. */
    public enum AttachmentRole { FILE, INLINE, RAW }

    /** Where an article mailed to the customer stands; NOT_SENT: no mail could be written (see {@link NotSentReason}). */
    public enum DeliveryState { QUEUED, SENT, FAILED, NOT_SENT }

    /** Why an agent's reply was not mailed: no active mailbox sends (SMTP) for its ticket, or the requester has no address. */
    public enum NotSentReason { NO_MAILBOX, NO_ADDRESS }

    /** PARENT_OF reads "source is the parent of target"; the target shows it as its parent. */
    public enum LinkKind { PARENT_OF, RELATED, DUPLICATE_OF }
}
