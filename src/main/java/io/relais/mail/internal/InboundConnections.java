package io.relais.mail.internal;

import io.relais.security.Secrets;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;
import org.springframework.stereotype.Component;

/** Logs in to a mailbox's inbound server (IMAP, IMAPS, POP3, POP3S): for the fetchers and the connection check. */
@Component
class InboundConnections {
    static {
        MailProviders.pin();
    }

    private final Secrets secrets;

    InboundConnections(Secrets secrets) {
        this.secrets = secrets;
    }

    Store connect(Mailbox mailbox) throws MessagingException {
        var protocol = switch (mailbox.inboundProtocol()) {
            case IMAP -> "imap";
            case IMAPS -> "imaps";
            case POP3 -> "pop3";
            case POP3S -> "pop3s";
            case NONE -> throw new IllegalStateException("this mailbox does not fetch");
        };
        var props = inboundProperties(protocol);
        if (protocol.endsWith("s")) {
            PinnedTls.apply(props, protocol, mailbox.tlsCertificate());
        }
        var session = Session.getInstance(props);
        var store = session.getStore(protocol);
        store.connect(mailbox.inboundHost(), port(mailbox), mailbox.inboundUser(),
                mailbox.inboundPassword() == null ? null : secrets.decrypt(mailbox.inboundPassword()));
        return store;
    }

    private static Properties inboundProperties(String protocol) {
        var props = new Properties();
        var p = "mail." + protocol + ".";
        props.put(p + "connectiontimeout", "20000");
        props.put(p + "timeout", "120000");
        props.put(p + "writetimeout", "60000");
        props.put(p + "peek", "true");
        props.put(p + "partialfetch", "false");
        if (protocol.endsWith("s")) {
            props.put(p + "ssl.checkserveridentity", "true");
        }
        return props;
    }

    static int port(Mailbox mailbox) {
        if (mailbox.inboundPort() != null) {
            return mailbox.inboundPort();
        }
        return switch (mailbox.inboundProtocol()) {
            case IMAP -> 143;
            case IMAPS -> 993;
            case POP3 -> 110;
            case POP3S -> 995;
            case NONE -> -1;
        };
    }
}
