package io.relais.mail.internal;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.relais.common.Letters;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.MailboxInfo;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.mail.Mailboxes;
import io.relais.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The {@code mail-dev} profile: a mail server inside Relais (GreenMail, SMTP and IMAP on 127.0.0.1 only) and
 * the mailbox of {@code relais.mail.dev.address} pointed at it, so that mail can be tried on one machine
 * without a real server: send to the support address over SMTP, read what Relais answers over IMAP. Every
 * mail stays in memory on this machine (GreenMail delivers to its own mailboxes, never further) and is gone
 * when Relais stops. Any address gets a mailbox on its first mail; its IMAP login and password are the
 * address itself. Never for production.
 */
@Component
@Profile("mail-dev")
public class DevMailServer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DevMailServer.class);
    private static final Actor SETUP = Actor.system("mail-dev profile");

    private final Mailboxes mailboxes;
    private final int smtpPort;
    private final int imapPort;
    private final String address;
    private final Long defaultGroupId;
    private volatile GreenMail server;

    @Autowired
    DevMailServer(Mailboxes mailboxes, @Value("${relais.mail.dev.smtp-port:3025}") int smtpPort,
                  @Value("${relais.mail.dev.imap-port:3143}") int imapPort,
                  @Value("${relais.mail.dev.address:support@relais.demo}") String address) {
        this(mailboxes, smtpPort, imapPort, address, null);
    }

    /** {@code defaultGroupId}: the group of a mailbox this creates (when none has the address yet). */
    public DevMailServer(Mailboxes mailboxes, int smtpPort, int imapPort, String address, Long defaultGroupId) {
        this.mailboxes = mailboxes;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.address = Letters.lower(address.trim());
        this.defaultGroupId = defaultGroupId;
    }

    @Override
    public void start() {
        var greenMail = new GreenMail(new ServerSetup[] {new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        try {
            greenMail.start();
        } catch (RuntimeException e) {
            greenMail.stop();
            throw new IllegalStateException("mail-dev profile: the test mail server cannot listen on 127.0.0.1, SMTP port " + smtpPort
                    + " and IMAP port " + imapPort + " (taken by another program?); choose others with relais.mail.dev.smtp-port"
                    + " and relais.mail.dev.imap-port", e);
        }
        greenMail.setUser(address, address, address);
        server = greenMail;
        log.warn("mail-dev profile: a test mail server listens on 127.0.0.1, SMTP port {} and IMAP port {}; every mail Relais"
                + " sends stays in it (not for production)", smtpPort(), imapPort());
    }

    /** Once the application is up (and the demo desk seeded): the mailbox of the address uses this server. */
    @EventListener(ApplicationReadyEvent.class)
    public MailboxInfo connectMailbox() {
        var existing = mailboxes.list(SETUP).stream().filter(m -> m.address().equalsIgnoreCase(address)).findFirst();
        var form = new MailboxForm(existing.map(MailboxInfo::name).orElse("Dev mail"), address,
                existing.map(MailboxInfo::displayName).orElse("Relais (mail-dev)"), InboundProtocol.IMAP, "127.0.0.1",
                imapPort(), address, address, "INBOX", null, 5, OutboundSecurity.PLAIN, "127.0.0.1", smtpPort(), null, null,
                existing.map(MailboxInfo::defaultGroupId).orElse(defaultGroupId),
                existing.map(MailboxInfo::defaultOrganizationId).orElse(null), true);
        var mailbox = existing.isPresent() ? mailboxes.update(SETUP, existing.get().id(), form) : mailboxes.create(SETUP, form);
        log.warn("mail-dev profile: mailbox '{}' <{}> fetches from and sends through the test mail server; send to it with"
                + " any mail client at SMTP 127.0.0.1:{}, read any address's mail at IMAP 127.0.0.1:{} (login and password:"
                + " the address)", mailbox.name(), address, smtpPort(), imapPort());
        return mailbox;
    }

    /** The ports actually bound (0 in the configuration picks a free one). */
    public int smtpPort() {
        var s = server;
        return s == null ? smtpPort : s.getSmtp().getPort();
    }

    public int imapPort() {
        var s = server;
        return s == null ? imapPort : s.getImap().getPort();
    }

    @Override
    public void stop() {
        var s = server;
        server = null;
        if (s != null) {
            s.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        // Up before the fetchers and the outbox start, down after they stop.
        return SmartLifecycle.DEFAULT_PHASE - 20;
    }
}
