package io.relais.mail.internal;

import io.relais.mail.MailRecords.CheckStep;
import io.relais.mail.MailRecords.ConnectionTest;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.security.Secrets;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.springframework.stereotype.Component;

/** The "test connection" button: each step on its own, so that the failing one is named. */
@Component
public class MailboxChecks {
    static {
        MailProviders.pin();
    }

    private final InboundConnections connections;
    private final Secrets secrets;

    MailboxChecks(InboundConnections connections, Secrets secrets) {
        this.connections = connections;
        this.secrets = secrets;
    }

    public ConnectionTest test(Mailbox mailbox) {
        var steps = new ArrayList<CheckStep>();
        if (mailbox.inboundProtocol() != null && mailbox.inboundProtocol() != InboundProtocol.NONE) {
            inbound(mailbox, steps);
        }
        if (mailbox.sends()) {
            outbound(mailbox, steps);
        }
        if (steps.isEmpty()) {
            steps.add(new CheckStep("settings", false, "neither fetching nor sending is configured"));
        }
        return new ConnectionTest(steps.stream().allMatch(CheckStep::ok), steps);
    }

    private void inbound(Mailbox mailbox, List<CheckStep> steps) {
        var label = mailbox.inboundProtocol().name();
        if (!reachable(label, mailbox.inboundHost(), InboundConnections.port(mailbox), steps)) {
            return;
        }
        try (var store = connections.connect(mailbox)) {
            steps.add(new CheckStep(label + " login", true, "logged in as " + mailbox.inboundUser()));
            var folder = store.getFolder(mailbox.inboundFolder() == null ? "INBOX" : mailbox.inboundFolder());
            if (!folder.exists()) {
                steps.add(new CheckStep(label + " folder", false, "folder \"" + folder.getFullName() + "\" does not exist"));
                return;
            }
            folder.open(Folder.READ_ONLY);
            steps.add(new CheckStep(label + " folder", true, folder.getFullName() + ": " + folder.getMessageCount() + " messages"));
            folder.close(false);
        } catch (AuthenticationFailedException e) {
            steps.add(new CheckStep(label + " login", false, "login refused for " + mailbox.inboundUser()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().trim())));
        } catch (MessagingException e) {
            steps.add(new CheckStep(label + " connection", false, tlsOrOther(e)));
        } catch (RuntimeException e) {
            steps.add(new CheckStep(label, false, ErrorText.describe(e)));
        }
    }

    private void outbound(Mailbox mailbox, List<CheckStep> steps) {
        var port = SmtpTransport.port(mailbox);
        if (!reachable("SMTP", mailbox.smtpHost(), port, steps)) {
            return;
        }
        var session = SmtpTransport.session(mailbox, mailbox.address());
        try (var transport = session.getTransport(mailbox.outboundSecurity().name().equals("TLS") ? "smtps" : "smtp")) {
            transport.connect(mailbox.smtpHost(), port, mailbox.smtpUser(),
                    mailbox.smtpPassword() == null ? null : secrets.decrypt(mailbox.smtpPassword()));
            steps.add(new CheckStep("SMTP login", true, mailbox.smtpUser() == null ? "connected (no login)"
                    : "logged in as " + mailbox.smtpUser()));
        } catch (AuthenticationFailedException e) {
            steps.add(new CheckStep("SMTP login", false, "login refused for " + mailbox.smtpUser()));
        } catch (MessagingException e) {
            steps.add(new CheckStep("SMTP connection", false, tlsOrOther(e)));
        } catch (RuntimeException e) {
            steps.add(new CheckStep("SMTP", false, ErrorText.describe(e)));
        }
    }

    private static boolean reachable(String label, String host, int port, List<CheckStep> steps) {
        try {
            var address = InetAddress.getByName(host);
            steps.add(new CheckStep(label + " DNS", true, host + " → " + address.getHostAddress()));
        } catch (UnknownHostException e) {
            steps.add(new CheckStep(label + " DNS", false, "host " + host + " not found"));
            return false;
        }
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 10_000);
            steps.add(new CheckStep(label + " port", true, host + ":" + port + " accepts connections"));
            return true;
        } catch (IOException e) {
            steps.add(new CheckStep(label + " port", false, host + ":" + port + " refused or unreachable (" + e.getMessage() + ")"));
            return false;
        }
    }

    private static String tlsOrOther(MessagingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return "TLS failed: " + t.getMessage();
            }
        }
        return ErrorText.describe(e);
    }
}
