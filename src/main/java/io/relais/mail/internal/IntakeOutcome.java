package io.relais.mail.internal;

/**
 * What became of one message given to the intake: recorded with the message in {@code mail_message} (or its quarantine
 * entry), answered by the mail gateway, counted by an import.
 */
public record IntakeOutcome(Kind kind, Long ticketId, Long ticketNumber, Long articleId, Long quarantineId, String detail) {
    public enum Kind { TICKET, FOLLOW_UP, DUPLICATE, IGNORED, BOUNCE, QUARANTINED }

    /** The detail of a QUARANTINED outcome for a message already in quarantine (taken again: nothing new). */
    public static final String ALREADY_QUARANTINED = "already in quarantine";
}
