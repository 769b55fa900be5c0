package io.relais.mail;

import java.time.Instant;
import java.util.List;

/** Read models and forms of the mail module. */
public final class MailRecords {
    private MailRecords() {}

    /** IMAP and POP3 without TLS are for servers on the same host or network only. */
    public enum InboundProtocol { NONE, IMAP, IMAPS, POP3, POP3S }

    /** NONE: this mailbox does not send. PLAIN: no encryption (local relays and tests only). */
    public enum OutboundSecurity { NONE, PLAIN, STARTTLS, TLS }

    /**
     * A mailbox as the admin form edits it. A blank password keeps the stored one; passwords are
     * never read back.
     */
    public record MailboxForm(String name, String address, String displayName, InboundProtocol inboundProtocol,
                              String inboundHost, Integer inboundPort, String inboundUser, String inboundPassword,
                              String inboundFolder, String moveToFolder, Integer pollSeconds,
                              OutboundSecurity outboundSecurity, String smtpHost, Integer smtpPort, String smtpUser,
                              String smtpPassword, Long defaultGroupId, Long defaultOrganizationId, boolean active,
                              String tlsCertificate) {
        /** Without a pinned certificate. */
        public MailboxForm(String name, String address, String displayName, InboundProtocol inboundProtocol,
                           String inboundHost, Integer inboundPort, String inboundUser, String inboundPassword,
                           String inboundFolder, String moveToFolder, Integer pollSeconds,
                           OutboundSecurity outboundSecurity, String smtpHost, Integer smtpPort, String smtpUser,
                           String smtpPassword, Long defaultGroupId, Long defaultOrganizationId, boolean active) {
            this(name, address, displayName, inboundProtocol, inboundHost, inboundPort, inboundUser, inboundPassword,
                    inboundFolder, moveToFolder, pollSeconds, outboundSecurity, smtpHost, smtpPort, smtpUser, smtpPassword,
                    defaultGroupId, defaultOrganizationId, active, null);
        }
    }

    /** A mailbox as shown: whether a password is set, never the password. */
    public record MailboxInfo(long id, String name, String address, String displayName, InboundProtocol inboundProtocol,
                              String inboundHost, Integer inboundPort, String inboundUser, boolean inboundPasswordSet,
                              String inboundFolder, String moveToFolder, int pollSeconds,
                              OutboundSecurity outboundSecurity, String smtpHost, Integer smtpPort, String smtpUser,
                              boolean smtpPasswordSet, Long defaultGroupId, Long defaultOrganizationId, boolean active,
                              String tlsCertificate) {}

    /** How a mailbox is doing: for the admin page, health and metrics. */
    public record MailboxStatus(long mailboxId, String name, Instant lastFetchAt, Instant lastSuccessAt,
                                String lastError, Instant lastErrorAt, long imported, long quarantined,
                                long outboxPending, long outboxFailed, String leaseHolder) {}

    /** One step of a connection test: what was tried and how it went. */
    public record CheckStep(String step, boolean ok, String detail) {}

    public record ConnectionTest(boolean ok, List<CheckStep> steps) {}

    public record QuarantineEntry(long id, long mailboxId, String mailboxName, String error, int size,
                                  String status, Instant createdAt) {}

    /** A notification text as the admin page shows it; {@code custom}: edited (else the built-in text). */
    public record TemplateText(String key, String language, String subject, String body, boolean custom,
                               List<String> placeholders) {}
}
