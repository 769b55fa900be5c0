package io.relais.mail.internal;

import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.notification.OutboxMessage;
import io.relais.notification.OutboxTransport;
import io.relais.security.Secrets;
import jakarta.annotation.PreDestroy;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayInputStream;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.stereotype.Component;

/**
 * Sends outbox mail through its mailbox's SMTP server, byte for byte as stored (no header is
 * rewritten, so a retry is the same message). A refusal for good (5xx for a recipient or the
 * message) is a permanent failure; anything else is retried by the outbox.
 */
@Component
class SmtpTransport implements OutboxTransport {
    static {
        MailProviders.pin();
    }

    private final MailboxRepository mailboxes;
    private final Secrets secrets;

    SmtpTransport(MailboxRepository mailboxes, Secrets secrets) {
        this.mailboxes = mailboxes;
        this.secrets = secrets;
    }

    @Override
    public String channel() {
        return "EMAIL";
    }

    @Override
    public void deliver(OutboxMessage m) throws Exception {
        var mailbox = m.sourceId() == null ? null : mailbox(m.sourceId());
        if (mailbox == null || !mailbox.sends()) {
            if (m.sourceId() != null) {
                settings.remove(m.sourceId());
            }
            throw new PermanentFailure("the mailbox has no outbound (SMTP) settings");
        }
        var recipients = new Address[m.recipients().size()];
        for (int i = 0; i < recipients.length; i++) {
            recipients[i] = new InternetAddress(m.recipients().get(i));
        }
        var connection = connection(mailbox);
        var message = new SMTPMessage(connection.session(), new ByteArrayInputStream(m.payload()));
        if (m.sender() != null) {
            message.setEnvelopeFrom(m.sender());
        }
        var sent = false;
        try {
            connection.transport().sendMessage(message, recipients);
            sent = true;
        } catch (SMTPSendFailedException e) {
            if (e.getReturnCode() >= 500) {
                throw new PermanentFailure("refused by " + mailbox.smtpHost() + ": " + oneLine(e.getMessage()), e);
            }
            throw e;
        } catch (SendFailedException e) {
            var cause = e.getNextException();
            if (cause instanceof SMTPAddressFailedException a && a.getReturnCode() >= 500
                    && (e.getValidSentAddresses() == null || e.getValidSentAddresses().length == 0)
                    && (e.getValidUnsentAddresses() == null || e.getValidUnsentAddresses().length == 0)) {
                throw new PermanentFailure("recipient refused: " + oneLine(a.getMessage()), e);
            }
            throw e;
        } finally {
            if (!sent) {
                // After any failure the next message starts on a fresh connection.
                drop(mailbox.id());
            }
        }
    }

    /**
     * An open SMTP connection for this mailbox: kept between messages (a burst of acknowledgements
     * does not pay a handshake each), replaced when the settings change, closed after a minute idle.
     */
    private synchronized Connection connection(Mailbox mailbox) throws MessagingException {
        var now = System.nanoTime();
        open.values().removeIf(c -> {
            if (now - c.lastUsed > IDLE_NANOS) {
                c.close();
                return true;
            }
            return false;
        });
        var signature = java.util.Objects.hash(mailbox.smtpHost(), mailbox.smtpPort(), mailbox.smtpUser(), mailbox.smtpPassword(),
                mailbox.outboundSecurity(), mailbox.tlsCertificate());
        var c = open.get(mailbox.id());
        if (c != null && (c.signature != signature || !c.transport.isConnected())) {
            c.close();
            open.remove(mailbox.id());
            c = null;
        }
        if (c == null) {
            var session = session(mailbox, null);
            var transport = session.getTransport(mailbox.outboundSecurity() == OutboundSecurity.TLS ? "smtps" : "smtp");
            try {
                transport.connect(mailbox.smtpHost(), port(mailbox), mailbox.smtpUser(),
                        mailbox.smtpPassword() == null ? null : secrets.decrypt(mailbox.smtpPassword()));
            } catch (AuthenticationFailedException e) {
                throw new MessagingException("SMTP login refused for " + mailbox.smtpUser() + " (check the mailbox's password)");
            }
            c = new Connection(session, transport, signature);
            open.put(mailbox.id(), c);
        }
        c.lastUsed = now;
        return c;
    }

    /**
     * The mailbox's settings as read at most {@link #SETTINGS_NANOS} ago: a burst of outbox messages reads
     * them once instead of once per message (a transaction of its own each time); an administrator's edit
     * is used within that time, and at once after a failed send.
     */
    private Mailbox mailbox(long id) {
        var now = System.nanoTime();
        var known = settings.get(id);
        if (known != null && now - known.at() < SETTINGS_NANOS) {
            return known.mailbox();
        }
        var mailbox = mailboxes.findById(id).orElse(null);
        if (mailbox == null) {
            settings.remove(id);
        } else {
            settings.put(id, new Settings(mailbox, now));
        }
        return mailbox;
    }

    private static final long SETTINGS_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private final java.util.Map<Long, Settings> settings = new java.util.concurrent.ConcurrentHashMap<>();

    private record Settings(Mailbox mailbox, long at) {}

    private synchronized void drop(long mailboxId) {
        settings.remove(mailboxId);
        var c = open.remove(mailboxId);
        if (c != null) {
            c.close();
        }
    }

    @PreDestroy
    synchronized void closeAll() {
        open.values().forEach(Connection::close);
        open.clear();
    }

    private static final long IDLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    private final java.util.Map<Long, Connection> open = new java.util.HashMap<>();

    private static final class Connection {
        private final Session session;
        private final Transport transport;
        private final int signature;
        private long lastUsed;

        Connection(Session session, Transport transport, int signature) {
            this.session = session;
            this.transport = transport;
            this.signature = signature;
        }

        Session session() {
            return session;
        }

        Transport transport() {
            return transport;
        }

        void close() {
            try {
                transport.close();
            } catch (MessagingException | RuntimeException e) {
                // going anyway
            }
        }
    }

    static Session session(Mailbox mailbox, String envelopeFrom) {
        var props = new Properties();
        var protocol = mailbox.outboundSecurity() == OutboundSecurity.TLS ? "smtps" : "smtp";
        var p = "mail." + protocol + ".";
        props.put(p + "host", mailbox.smtpHost());
        props.put(p + "port", String.valueOf(port(mailbox)));
        props.put(p + "auth", String.valueOf(mailbox.smtpUser() != null && !mailbox.smtpUser().isBlank()));
        props.put(p + "connectiontimeout", "20000");
        props.put(p + "timeout", "60000");
        props.put(p + "writetimeout", "60000");
        if (envelopeFrom != null) {
            props.put(p + "from", envelopeFrom);
        }
        if (mailbox.outboundSecurity() == OutboundSecurity.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (mailbox.outboundSecurity() == OutboundSecurity.TLS || mailbox.outboundSecurity() == OutboundSecurity.STARTTLS) {
            props.put(p + "ssl.checkserveridentity", "true");
            PinnedTls.apply(props, protocol, mailbox.tlsCertificate());
        }
        return Session.getInstance(props);
    }

    static int port(Mailbox mailbox) {
        if (mailbox.smtpPort() != null) {
            return mailbox.smtpPort();
        }
        return switch (mailbox.outboundSecurity()) {
            case TLS -> 465;
            case STARTTLS -> 587;
            default -> 25;
        };
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").trim();
    }
}
