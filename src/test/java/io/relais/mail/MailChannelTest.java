package io.relais.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.relais.Fixtures.Tenant;
import io.relais.IntegrationTest;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.security.Actor;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketEnums.DeliveryState;
import io.relais.ticket.Status;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketService;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The e-mail channel end to end against GreenMail's real SMTP and IMAP servers: the fetcher, the
 * intake, the outbox and SMTP delivery all run as in production, on their own threads.
 */
class MailChannelTest extends IntegrationTest {
    private static final Actor ADMIN = Actor.system("test admin");
    private static final Duration PATIENCE = Duration.ofSeconds(40);

    @Autowired Mailboxes mailboxes;
    @Autowired TicketService tickets;
    @Autowired TicketReads queries;
    @Autowired JdbcClient jdbc;
    @Autowired io.relais.mail.internal.MailSettings settings;

    GreenMail mail;
    Tenant tenant;
    String support;
    long mailboxId;

    @BeforeEach
    void servers() {
        mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        mail.start();
        tenant = fixtures.tenant("Mail");
        support = "support-" + System.nanoTime() + "@relais.test";
        mail.setUser(support, support, "imap-secret");
        mailboxId = mailboxes.create(ADMIN, form(support, mail.getImap().getPort(), mail.getSmtp().getPort())).id();
    }

    @AfterEach
    void stop() {
        // Leave no active mailbox behind for the other tests of the shared context.
        MailTestSupport.switchOff(mailboxes, mailboxId);
        mail.stop();
    }

    @Test
    void aCustomerMailsAnAgentRepliesTheCustomerAndTheCcAnswerInTheSameThread() throws Exception {
        var customer = email(tenant.customer().id());
        var colleague = email(tenant.otherContactId());

        var first = message(customer, support, "Printer on fire", "It smells of smoke.\n\n-- Julie");
        first.addRecipient(RecipientType.CC, new InternetAddress(colleague));
        send(first);

        var ticketId = awaitTicketOf(first.getMessageID());
        var ticket = queries.ticket(tenant.agent().actor(), ticketId).orElseThrow();
        assertThat(ticket.subject()).isEqualTo("Printer on fire");
        assertThat(ticket.requester().id()).isEqualTo(tenant.customer().id());
        assertThat(ticket.group().id()).isEqualTo(tenant.groupId());

        // The acknowledgement reaches the customer, tagged, threaded, marked automatic.
        var ack = awaitMail(customer, m -> subject(m).contains("[Relais #" + ticket.number().value() + "]"));
        assertThat(ack.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo(first.getMessageID());
        assertThat(ack.getHeader("X-Relais-Loop", null)).isNotBlank();

        // An agent replies in Relais: the customer and the colleague in Cc receive it.
        var replyId = tickets.addMessage(ticketId, new NewMessage("Unplug it and step away.", false, List.of()),
                tenant.agent().actor());
        var reply = awaitMail(customer, m -> body(m).contains("Unplug it"));
        assertThat(reply.getHeader("Auto-Submitted", null)).isNull();
        assertThat(subject(reply)).startsWith("Re: [Relais #" + ticket.number().value() + "]");
        assertThat(reply.getFrom()[0].toString()).contains(support);
        assertThat(String.join(" ", reply.getHeader("References"))).contains(first.getMessageID());
        awaitMail(colleague, m -> body(m).contains("Unplug it"));
        await().atMost(PATIENCE).until(() -> article(ticketId, replyId).deliveryState() == DeliveryState.SENT);

        // The customer answers from their mail client: same ticket.
        var answer = message(customer, support, "Re: " + subject(reply), "Done, it stopped.");
        answer.setHeader("In-Reply-To", reply.getMessageID());
        answer.setHeader("References", first.getMessageID() + " " + reply.getMessageID());
        send(answer);
        assertThat(awaitTicketOf(answer.getMessageID())).isEqualTo(ticketId);

        // So does the colleague who was in Cc.
        var fromColleague = message(colleague, support, "Re: " + subject(reply), "Confirmed from the second floor.");
        fromColleague.setHeader("In-Reply-To", reply.getMessageID());
        send(fromColleague);
        assertThat(awaitTicketOf(fromColleague.getMessageID())).isEqualTo(ticketId);

        var conversation = queries.conversation(tenant.agent().actor(), ticketId);
        assertThat(conversation).extracting(a -> a.body().lines().findFirst().orElse(""))
                .containsExactly("It smells of smoke.", "Unplug it and step away.", "Done, it stopped.",
                        "Confirmed from the second floor.");
        assertThat(conversation.get(0).rawAttachmentId()).isNotNull();
        assertThat(conversation.get(0).mailCc()).contains(colleague);
        assertThat(body(reply)).doesNotContain("> It smells of smoke.");

        // A reply that asks for the history quotes the earlier public messages, newest first, and no internal note.
        tickets.addMessage(ticketId, new NewMessage("Internal: the PSU is a known bad batch.", true, List.of()),
                tenant.agent().actor());
        tickets.addMessage(ticketId, new NewMessage("A technician comes tomorrow.", false, List.of(), true),
                tenant.agent().actor());
        var quoting = body(awaitMail(customer, m -> body(m).contains("A technician comes tomorrow.")));
        assertThat(quoting).contains("> Confirmed from the second floor.", "> Done, it stopped.", "> Unplug it and step away.",
                "> It smells of smoke.");
        assertThat(quoting.indexOf("> Confirmed from the second floor.")).isLessThan(quoting.indexOf("> It smells of smoke."));
        assertThat(quoting).containsPattern("(wrote:|a écrit :)").doesNotContain("PSU");
    }

    @Test
    void aReplyWithAForgedReferenceOrAStrangersSubjectTagOpensANewTicket() throws Exception {
        var customer = email(tenant.customer().id());
        var first = message(customer, support, "VPN down", "Since this morning.");
        send(first);
        var ticketId = awaitTicketOf(first.getMessageID());
        var number = queries.ticket(tenant.agent().actor(), ticketId).orElseThrow().number().value();

        var forged = message("intruder@evil.example", support, "Re: [Relais #" + number + "] VPN down", "Let me in.");
        forged.setHeader("In-Reply-To", "<relais." + number + ".abcdefgh.00000000000000000000@relais.test>");
        send(forged);
        var other = awaitTicketOf(forged.getMessageID());
        assertThat(other).isNotEqualTo(ticketId);
        assertThat(queries.conversation(tenant.agent().actor(), ticketId)).hasSize(1);
    }

    @Test
    void aReplyToAResolvedTicketReopensIt() throws Exception {
        var customer = email(tenant.customer().id());
        var first = message(customer, support, "Screen flickers", "Every ten seconds.");
        send(first);
        var ticketId = awaitTicketOf(first.getMessageID());
        tickets.update(ticketId, TicketUpdate.status(Status.RESOLVED), tenant.agent().actor());
        var resolution = awaitMail(customer, m -> body(m).contains("resolved") && header(m, "Auto-Submitted") != null);
        assertThat(body(resolution)).contains("mailto:" + support);

        var notSolved = message(customer, support, "Re: " + subject(resolution), "Still flickering.");
        notSolved.setHeader("In-Reply-To", resolution.getMessageID());
        send(notSolved);
        assertThat(awaitTicketOf(notSolved.getMessageID())).isEqualTo(ticketId);
        assertThat(queries.ticket(tenant.agent().actor(), ticketId).orElseThrow().status()).isEqualTo(Status.OPEN);
    }

    @Test
    void theFetcherResumesByItselfAfterAServerOutage() throws Exception {
        var customer = email(tenant.customer().id());
        var before = message(customer, support, "Before the outage", "one");
        send(before);
        awaitTicketOf(before.getMessageID());

        var smtpPort = mail.getSmtp().getPort();
        var imapPort = mail.getImap().getPort();
        mail.stop();
        await().atMost(PATIENCE).until(() -> jdbc.sql("select failures from mailbox_state where mailbox_id = ?")
                .param(mailboxId).query(Integer.class).single() > 0);
        assertThat(mailboxes.status(mailboxId).orElseThrow().lastError()).isNotBlank();

        mail = new GreenMail(new ServerSetup[] {new ServerSetup(smtpPort, "127.0.0.1", "smtp"),
                new ServerSetup(imapPort, "127.0.0.1", "imap")});
        mail.start();
        mail.setUser(support, support, "imap-secret");
        var after = message(customer, support, "After the outage", "two");
        send(after);
        awaitTicketOf(after.getMessageID());
        await().atMost(PATIENCE).until(() -> jdbc.sql("select failures from mailbox_state where mailbox_id = ?")
                .param(mailboxId).query(Integer.class).single() == 0);
    }

    @Test
    void aPop3MailboxTakesEachMessageOnceAndDeletesItWhenToldTo() throws Exception {
        var pop = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.POP3}));
        pop.start();
        var address = "pop-" + System.nanoTime() + "@relais.test";
        pop.setUser(address, address, "pop-secret");
        long popId = mailboxes.create(ADMIN, new MailboxForm("POP " + address, address, null, InboundProtocol.POP3, "127.0.0.1",
                pop.getPop3().getPort(), address, "pop-secret", null, "delete", 1, OutboundSecurity.NONE, null, null, null,
                null, tenant.groupId(), tenant.organizationId(), true)).id();
        try {
            var customer = email(tenant.customer().id());
            var first = message(customer, address, "By POP3", "one");
            var props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", String.valueOf(pop.getSmtp().getPort()));
            try (var transport = Session.getInstance(props).getTransport("smtp")) {
                transport.connect();
                transport.sendMessage(first, first.getAllRecipients());
            }
            var bare = first.getMessageID().substring(1, first.getMessageID().length() - 1);
            await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from mail_message where mailbox_id = ? and message_id = ?")
                    .params(popId, bare).query(Long.class).single() == 1);
            // Deleted from the server once taken; taken once.
            await().atMost(PATIENCE).until(() -> pop.getReceivedMessagesForDomain("relais.test").length == 0
                    || pop.findReceivedMessages(u -> u.getEmail().equals(address), m -> true).count() == 0);
            assertThat(jdbc.sql("select count(*) from article where message_id = ?").param(bare).query(Long.class).single()).isEqualTo(1);
        } finally {
            MailTestSupport.switchOff(mailboxes, popId);
            pop.stop();
        }
    }

    @Test
    void imapsAndPop3sAreTrustedThroughAPinnedCertificateAndTheCheckNamesTheTlsFailureWithout() throws Exception {
        var tls = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.IMAPS, ServerSetupTest.POP3S}));
        tls.start();
        var address = "tls-" + System.nanoTime() + "@relais.test";
        var user = tls.setUser(address, address, "tls-secret");
        long imapsId = 0;
        long pop3sId = 0;
        try {
            // GreenMail's self-signed certificate: no authority vouches for it, so the JVM's trust store refuses it.
            imapsId = mailboxes.create(ADMIN, tlsForm("IMAPS " + address, address, InboundProtocol.IMAPS,
                    tls.getImaps().getPort(), null, false)).id();
            var refused = mailboxes.test(ADMIN, imapsId);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.steps()).anyMatch(s -> !s.ok() && s.detail().startsWith("TLS failed"));

            // Pinned: trusted for that certificate, and mail flows over IMAPS.
            var pem = greenMailCertificate();
            mailboxes.update(ADMIN, imapsId, tlsForm("IMAPS " + address, address, InboundProtocol.IMAPS,
                    tls.getImaps().getPort(), pem, true));
            assertThat(mailboxes.test(ADMIN, imapsId).ok()).as("%s", mailboxes.test(ADMIN, imapsId)).isTrue();
            var overImaps = message(email(tenant.customer().id()), address, "Over IMAPS", "encrypted");
            user.deliver(overImaps);
            awaitTicketOf(imapsId, overImaps.getMessageID());
            // A pin of another certificate is refused as well: the pin is the only trust.
            assertThat(mailboxes.get(ADMIN, imapsId).tlsCertificate()).isEqualToIgnoringWhitespace(pem);
            mailboxes.update(ADMIN, imapsId, tlsForm("IMAPS " + address, address, InboundProtocol.IMAPS,
                    tls.getImaps().getPort(), OTHER_CERTIFICATE, false));
            assertThat(mailboxes.test(ADMIN, imapsId).steps()).anyMatch(s -> !s.ok() && s.detail().contains("not the one pinned"));

            // POP3S with the same pin.
            var popAddress = "pop-" + address;
            var popUser = tls.setUser(popAddress, popAddress, "tls-secret");
            pop3sId = mailboxes.create(ADMIN, tlsForm("POP3S " + address, popAddress, InboundProtocol.POP3S,
                    tls.getPop3s().getPort(), pem, true)).id();
            var overPop3s = message(email(tenant.customer().id()), popAddress, "Over POP3S", "encrypted too");
            popUser.deliver(overPop3s);
            awaitTicketOf(pop3sId, overPop3s.getMessageID());
        } finally {
            for (var id : new long[] {imapsId, pop3sId}) {
                if (id != 0) {
                    MailTestSupport.switchOff(mailboxes, id);
                }
            }
            tls.stop();
        }
    }

    /** Not GreenMail's (the first authority of the JVM's trust store): a pin that does not match what the server presents. */
    private static final String OTHER_CERTIFICATE;

    static {
        try {
            var factory = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init((java.security.KeyStore) null);
            var trust = (javax.net.ssl.X509TrustManager) factory.getTrustManagers()[0];
            OTHER_CERTIFICATE = pem(trust.getAcceptedIssuers()[0].getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private MailboxForm tlsForm(String name, String address, InboundProtocol protocol, int port, String pem, boolean active) {
        return new MailboxForm(name, address, null, protocol, "127.0.0.1", port, address, "tls-secret", "INBOX", null, 1,
                OutboundSecurity.NONE, null, null, null, null, tenant.groupId(), tenant.organizationId(), active, pem);
    }

    private static String greenMailCertificate() throws Exception {
        var store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = GreenMail.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            store.load(in, "changeit".toCharArray());
        }
        return pem(store.getCertificate(store.aliases().nextElement()).getEncoded());
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void anAutoResponderThatAnswersEverythingIsStoppedByTheRateLimit() throws Exception {
        var bot = "bot-" + System.nanoTime() + "@robots.example";
        // A badly written responder: it answers every mail with a new subject and no reference.
        var seen = ConcurrentHashMap.<String>newKeySet();
        var first = message(bot, support, "Automatic notice 0", "I am a robot.");
        send(first);
        long sent = 1;
        int answered = 0;
        while (true) {
            // the desk took every robot mail, and its outbox holds nothing more for the robot: all answers are out
            final long taken = sent;
            await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from mail_message where mailbox_id = ?")
                    .param(mailboxId).query(Long.class).single() == taken);
            await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from outbox where rate_key = ? and state not in ('SENT', 'FAILED')")
                    .param(bot).query(Long.class).single() == 0);
            var fresh = received(bot).stream().filter(m -> seen.add(messageId(m))).toList();
            if (fresh.isEmpty()) {
                break;
            }
            for (var m : fresh) {
                answered++;
                send(message(bot, support, "Automatic notice " + answered, "I am a robot. " + answered));
                sent++;
            }
            assertThat(answered).as("answers to the robot").isLessThanOrEqualTo(settings.autoRepliesPerHour());
        }
        // exactly the hour's allowance of automatic answers, then silence; every robot mail is on a ticket all the same
        assertThat(received(bot)).hasSize(settings.autoRepliesPerHour());
        assertThat(sent).isEqualTo(settings.autoRepliesPerHour() + 1L);
    }

    // ---- helpers

    private MailboxForm form(String address, int imapPort, int smtpPort) {
        return new MailboxForm("Support " + address, address, "ACME Support", InboundProtocol.IMAP, "127.0.0.1", imapPort,
                address, "imap-secret", "INBOX", null, 1, OutboundSecurity.PLAIN, "127.0.0.1", smtpPort, null, null,
                tenant.groupId(), tenant.organizationId(), true);
    }

    private long awaitTicketOf(String messageId) {
        var bare = messageId.substring(1, messageId.length() - 1);
        return await().atMost(PATIENCE).until(() -> jdbc.sql(
                        "select ticket_id from mail_message where mailbox_id = ? and message_id = ? and ticket_id is not null")
                .params(mailboxId, bare).query(Long.class).optional().orElse(null), id -> id != null);
    }

    /**
     * For the TLS test: GreenMail's handler threads throw when a client drops a refused handshake, and
     * Awaitility would fail the wait on another thread's exception.
     */
    private long awaitTicketOf(long mailbox, String messageId) {
        var bare = messageId.substring(1, messageId.length() - 1);
        return await().dontCatchUncaughtExceptions().atMost(PATIENCE).until(() -> jdbc.sql(
                        "select ticket_id from mail_message where mailbox_id = ? and message_id = ? and ticket_id is not null")
                .params(mailbox, bare).query(Long.class).optional().orElse(null), id -> id != null);
    }

    private MimeMessage awaitMail(String recipient, java.util.function.Predicate<MimeMessage> matching) {
        return await().atMost(PATIENCE).until(() -> received(recipient).stream().filter(m -> {
            try {
                return matching.test(m);
            } catch (RuntimeException e) {
                return false;
            }
        }).findFirst().orElse(null), m -> m != null);
    }

    /** What GreenMail delivered to this address (its list may change while we read it: read again). */
    private List<MimeMessage> received(String recipient) {
        for (int attempt = 0; ; attempt++) {
            try {
                return mail.findReceivedMessages(u -> u.getEmail().equals(recipient), m -> true).toList();
            } catch (java.util.ConcurrentModificationException e) {
                if (attempt > 50) {
                    throw e;
                }
            }
        }
    }

    private io.relais.ticket.TicketViews.ArticleView article(long ticketId, long articleId) {
        return queries.conversation(tenant.agent().actor(), ticketId).stream().filter(a -> a.id() == articleId)
                .findFirst().orElseThrow();
    }

    private String email(long contactId) {
        return jdbc.sql("select email from contact where id = ?").param(contactId).query(String.class).single();
    }

    private MimeMessage message(String from, String to, String subject, String text) throws MessagingException {
        var id = "<test." + System.nanoTime() + "@client.example>";
        var m = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", id);
            }
        };
        m.setFrom(new InternetAddress(from));
        m.addRecipient(RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        m.saveChanges();
        return m;
    }

    private void send(MimeMessage m) throws MessagingException {
        var props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
        var session = Session.getInstance(props);
        try (var transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(m, m.getAllRecipients());
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage m) {
        try {
            var content = m.getContent();
            if (content instanceof String s) {
                return s;
            }
            if (content instanceof jakarta.mail.Multipart mp) {
                return String.valueOf(mp.getBodyPart(0).getContent());
            }
            return "";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, null);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
