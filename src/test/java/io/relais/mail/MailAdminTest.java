package io.relais.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.relais.IntegrationTest;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.mail.internal.IntakeOutcome;
import io.relais.mail.internal.MailIntake;
import io.relais.security.Actor;
import io.relais.security.Role;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.TicketReads;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** The administrator's side of mail: settings, secrets, connection test, quarantine, formatted view. */
@ExtendWith(OutputCaptureExtension.class)
class MailAdminTest extends IntegrationTest {
    private static final Actor ADMIN = Actor.system("test admin");

    @Autowired MockMvc mvc;
    @Autowired Mailboxes mailboxes;
    @Autowired MailIntake intake;
    @Autowired TicketReads queries;
    @Autowired JdbcClient jdbc;
    @Autowired Directory directory;
    @Autowired io.relais.mail.internal.MessageIds messageIds;
    @Autowired io.relais.mail.internal.MailSettings settings;
    @Autowired io.relais.mail.internal.MailHealth mailHealth;

    @Test
    void passwordsAreStoredEncryptedNeverShownAndNeverLogged(CapturedOutput output) throws Exception {
        var admin = admin();
        var address = "helpdesk-" + System.nanoTime() + "@relais.test";
        var created = mvc.perform(post("/admin/mailboxes").with(user(admin)).with(csrf())
                .param("name", "Helpdesk").param("address", address).param("inboundProtocol", "IMAPS")
                .param("inboundHost", "imap.invalid").param("inboundUser", "helpdesk").param("inboundPassword", "S3cret-imap-pw")
                .param("outboundSecurity", "STARTTLS").param("smtpHost", "smtp.invalid").param("smtpUser", "helpdesk")
                .param("smtpPassword", "S3cret-smtp-pw")).andReturn().getResponse();
        assertThat(created.getRedirectedUrl()).isEqualTo("/admin/mailboxes");
        var id = jdbc.sql("select id from mailbox where address = ?").param(address).query(Long.class).single();
        try {
            var stored = jdbc.sql("select inbound_password || ' ' || smtp_password from mailbox where id = ?").param(id)
                    .query(String.class).single();
            assertThat(stored).doesNotContain("S3cret").startsWith("v1:");

            var page = mvc.perform(get("/admin/mailboxes/" + id).with(user(admin))).andReturn().getResponse().getContentAsString();
            assertThat(page).doesNotContain("S3cret").doesNotContain("v1:").contains("stored; empty keeps it");

            // Saving again without a password keeps the stored one.
            mvc.perform(post("/admin/mailboxes").with(user(admin)).with(csrf()).param("id", id.toString())
                    .param("name", "Helpdesk 2").param("address", address).param("inboundProtocol", "IMAPS")
                    .param("inboundHost", "imap.invalid").param("inboundUser", "helpdesk").param("outboundSecurity", "STARTTLS")
                    .param("smtpHost", "smtp.invalid")).andReturn();
            assertThat(jdbc.sql("select inbound_password || ' ' || smtp_password from mailbox where id = ?").param(id)
                    .query(String.class).single()).isEqualTo(stored);

            // The connection test names the failing step.
            var test = mvc.perform(post("/admin/mailboxes/" + id + "/test").with(user(admin)).with(csrf()))
                    .andReturn().getResponse().getContentAsString();
            assertThat(test).contains("IMAPS DNS").contains("host imap.invalid not found").contains("SMTP DNS");
            assertThat(output.getAll()).doesNotContain("S3cret");
        } finally {
            deactivate(id);
        }
    }

    @Test
    void badMailboxSettingsAreRefusedFieldByField() throws Exception {
        var bad = mvc.perform(post("/admin/mailboxes").with(user(admin())).with(csrf())
                .param("name", "").param("address", "not an address").param("inboundProtocol", "IMAP")
                .param("inboundPort", "70000").param("outboundSecurity", "TLS")).andReturn().getResponse();
        assertThat(bad.getStatus()).isEqualTo(422);
        assertThat(bad.getContentAsString()).contains("address").contains("inboundHost").contains("inboundPort")
                .contains("smtpHost");
    }

    @Test
    void aMessageThatBreaksThePipelineWaitsInQuarantineDoesNotBlockTheNextAndCanBeRetried() throws Exception {
        var t = fixtures.tenant("Quarantine");
        var id = offline(t, "q");
        // a sender the pipeline cannot file (its address is one client's, its domain another's): the message fails
        // inside the intake's transaction, as any failure of a step would
        var held = heldForReview(t);
        var poison = mail(held, "poison", "Poison " + System.nanoTime());
        var next = mail("next", "Next " + System.nanoTime());
        try {
            var outcome = intake.take(id, poison);
            assertThat(outcome.kind()).isEqualTo(IntakeOutcome.Kind.QUARANTINED);
            assertThat(intake.take(id, poison).kind()).isEqualTo(IntakeOutcome.Kind.QUARANTINED); // not a second entry
            assertThat(jdbc.sql("select count(*) from mail_quarantine where mailbox_id = ?").param(id).query(Long.class).single())
                    .isEqualTo(1);
            assertThat(intake.take(id, next).kind()).isEqualTo(IntakeOutcome.Kind.TICKET);

            var admin = admin();
            var page = mvc.perform(get("/admin/mail/quarantine").with(user(admin))).andReturn().getResponse().getContentAsString();
            assertThat(page).contains("held for review");
            var source = mvc.perform(get("/admin/mail/quarantine/" + outcome.quarantineId() + "/source").with(user(admin)))
                    .andReturn().getResponse();
            assertThat(source.getContentAsByteArray()).isEqualTo(poison);
            assertThat(source.getHeader("Content-Disposition")).startsWith("attachment");

            // the cause fixed (an administrator confirms the address on its contact), the retry goes through
            confirm(t, held);
            mvc.perform(post("/admin/mail/quarantine/" + outcome.quarantineId() + "/retry").with(user(admin)).with(csrf()));
            assertThat(jdbc.sql("select status from mail_quarantine where id = ?").param(outcome.quarantineId())
                    .query(String.class).single()).isEqualTo("RETRIED");
            assertThat(intake.take(id, poison).kind()).isEqualTo(IntakeOutcome.Kind.DUPLICATE);
        } finally {
            deactivate(id);
        }
    }

    @Test
    void aGroupWrittenInOneTransactionThreadsWithinItselfAndAPoisonMessageInItIsQuarantinedAlone() {
        var t = fixtures.tenant("Group");
        var id = offline(t, "g");
        var first = mail("first", "First " + System.nanoTime());
        var firstId = messageIdOf(first);
        var reply = ("From: someone@nowhere.example\r\nSubject: Re: first\r\nIn-Reply-To: " + firstId + "\r\nMessage-ID: <reply."
                + System.nanoTime() + "@x>\r\n\r\nStill broken\r\n").getBytes(StandardCharsets.UTF_8);
        var poison = mail(heldForReview(t), "poison", "Poison " + System.nanoTime());
        var last = mail("last", "Last " + System.nanoTime());
        // the same message twice in one group, and a reply to a message of the same group
        intake.takeInOrder(id, java.util.List.of(first, reply, first));
        // the poison message fails inside the group's transaction: the group is written again one message at a time
        intake.takeInOrder(id, java.util.List.of(poison, last));
        var outcomes = jdbc.sql("select outcome from mail_message where mailbox_id = ? order by id").param(id)
                .query(String.class).list();
        assertThat(outcomes).containsExactly("TICKET", "FOLLOW_UP", "TICKET");
        assertThat(jdbc.sql("select count(*) from mail_quarantine where mailbox_id = ? and status = 'OPEN'").param(id)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from mail_message where mailbox_id = ? and message_id = ?")
                .params(id, bare(messageIdOf(last))).query(Long.class).single()).isEqualTo(1);
        var tickets = jdbc.sql("select ticket_id from mail_message where mailbox_id = ? order by id").param(id).query(Long.class).list();
        assertThat(tickets.get(1)).isEqualTo(tickets.get(0));
        assertThat(jdbc.sql("select count(*) from article where ticket_id = ?").param(tickets.get(0)).query(Long.class).single())
                .isEqualTo(2);
        deactivate(id);
    }

    /**
     * An address the intake holds for review: attached to a contact of the tenant while its domain was nobody's, then
     * declared by another organization (the sender step then refuses to guess which client the mail is for).
     */
    private String heldForReview(io.relais.Fixtures.Tenant t) {
        var domain = "later-" + System.nanoTime() + ".example";
        var address = "early@" + domain;
        directory.updateContact(ADMIN, t.otherContactId(), new ContactForm(null, null, null, null, null, null, null,
                java.util.List.of(address), null));
        directory.createOrganization(ADMIN, new OrganizationForm("Declarer " + System.nanoTime(), domain, "CTR-" + System.nanoTime(),
                "Europe/Paris", "en"));
        return address;
    }

    private void confirm(io.relais.Fixtures.Tenant t, String address) {
        directory.updateContact(ADMIN, t.otherContactId(), new ContactForm(null, null, null, null, null, null, null,
                java.util.List.of(address), null, true));
    }

    private static String bare(String messageId) {
        return messageId.substring(1, messageId.length() - 1);
    }

    private static String messageIdOf(byte[] raw) {
        var text = new String(raw, StandardCharsets.UTF_8);
        var at = text.indexOf("Message-ID: ") + "Message-ID: ".length();
        return text.substring(at, text.indexOf("\r\n", at));
    }

    private static byte[] mail(String idPart, String subject) {
        return mail("someone@nowhere.example", idPart, subject);
    }

    private static byte[] mail(String from, String idPart, String subject) {
        return ("From: " + from + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + idPart + "." + System.nanoTime()
                + "@x>\r\n\r\nBody\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theFormattedVersionOfAMailIsSanitisedAndServedWithAStrictPolicy() throws Exception {
        var t = fixtures.tenant("Html");
        var id = offline(t, "h");
        var customer = jdbc.sql("select email from contact where id = ?").param(t.customer().id()).query(String.class).single();
        var raw = ("From: " + customer + "\r\nTo: support@relais.test\r\nSubject: html\r\nMessage-ID: <h" + System.nanoTime()
                + "@x>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + "<p onclick=\"steal()\">Hello <b>there</b></p><script>alert(1)</script>"
                + "<a href=\"javascript:alert(2)\">click</a><img src=\"https://tracker.example/pixel.gif\">"
                + "<iframe src=\"https://evil.example\"></iframe>\r\n").getBytes(StandardCharsets.UTF_8);
        var outcome = intake.take(id, raw);
        assertThat(outcome.kind()).isEqualTo(IntakeOutcome.Kind.TICKET);
        var article = queries.conversation(t.agent().actor(), outcome.ticketId()).get(0);
        assertThat(article.body()).contains("Hello there").doesNotContain("alert");
        assertThat(article.hasHtml()).isTrue();

        var agent = new AccountPrincipal(t.agent().accountId(), t.agent().login(), null, t.agent().id(), null, "en", "AGENT", true);
        var r = mvc.perform(get("/tickets/" + outcome.ticketId() + "/articles/" + article.id() + "/html").with(user(agent)))
                .andReturn().getResponse();
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getHeader("Content-Security-Policy")).contains("default-src 'none'").contains("sandbox");
        assertThat(r.getContentAsString()).contains("<b>there</b>").doesNotContain("<script").doesNotContain("onclick")
                .doesNotContain("javascript:").doesNotContain("tracker.example").doesNotContain("iframe");

        // Another organization's agent gets nothing.
        var other = fixtures.tenant("HtmlOther");
        var stranger = new AccountPrincipal(other.agent().accountId(), other.agent().login(), null, other.agent().id(), null,
                "en", "AGENT", true);
        assertThat(mvc.perform(get("/tickets/" + outcome.ticketId() + "/articles/" + article.id() + "/html").with(user(stranger)))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
        deactivate(id);
    }

    @Test
    void aBounceOfOurMailLandsOnItsTicketAndOurOwnMailComingBackIsIgnored() throws Exception {
        var t = fixtures.tenant("Bounce");
        var id = MailTestSupport.serverless(mailboxes, t, "B", "b-" + System.nanoTime() + "@relais.test");
        try {
            var failed = "gone-" + System.nanoTime() + "@bounce.example";
            var request = intake.take(id, customerMail(failed, "Printer down"));
            var number = request.ticketNumber();
            var ours = acknowledgementOf(request.ticketId());
            var dsn = deliveryReport(failed, failed, ours);
            var outcome = intake.take(id, dsn);
            assertThat(outcome.kind()).isEqualTo(IntakeOutcome.Kind.BOUNCE);
            assertThat(outcome.ticketId()).isEqualTo(request.ticketId());
            var note = queries.conversation(t.agent().actor(), request.ticketId()).stream()
                    .filter(a -> a.id() == outcome.articleId()).findFirst().orElseThrow();
            assertThat(note.internal()).isTrue();
            assertThat(note.body()).contains(failed);
            assertThat(jdbc.sql("select bounces from mail_address_flag where address = ?").param(failed)
                    .query(Integer.class).single()).isEqualTo(1);
            // The customer's organization does not see it.
            assertThat(queries.conversation(t.manager().actor(), request.ticketId())).noneMatch(a -> a.id() == outcome.articleId());

            // A forged report: anyone who received one of our messages holds its signed Message-ID, and names
            // another address as the one that failed. The report stays on the ticket; nothing is flagged.
            var victim = t.customer().login();
            var forged = intake.take(id, deliveryReport(victim, victim, ours));
            assertThat(forged.kind()).isEqualTo(IntakeOutcome.Kind.BOUNCE);
            assertThat(forged.detail()).contains("nothing flagged");
            assertThat(queries.conversation(t.agent().actor(), request.ticketId())).anyMatch(a -> a.id() == forged.articleId());
            assertThat(jdbc.sql("select count(*) from mail_address_flag where address = ?").param(victim)
                    .query(Long.class).single()).isZero();
            // nor by a signed Message-ID we never sent
            var never = messageIds.create(number, null, "relais.test");
            assertThat(intake.take(id, deliveryReport(victim, victim, never)).detail()).contains("nothing flagged");
            assertThat(jdbc.sql("select count(*) from mail_address_flag where address = ?").param(victim)
                    .query(Long.class).single()).isZero();

            var echo = ("From: support@relais.test\r\nTo: b@relais.test\r\nSubject: [Relais #" + number + "] ack\r\n"
                    + "Message-ID: <echo." + System.nanoTime() + "@x>\r\nAuto-Submitted: auto-replied\r\n"
                    + "X-Relais-Loop: " + settings.loopId() + "\r\n\r\nOur own acknowledgement, back again.\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(intake.take(id, echo).kind()).isEqualTo(IntakeOutcome.Kind.IGNORED);
        } finally {
            deactivate(id);
        }
    }

    @Test
    void aMailboxThatDoesNotFetchMakesHealthDegradedWithItsName() throws Exception {
        var t = fixtures.tenant("Health");
        var name = "Unreachable " + System.nanoTime();
        var id = mailboxes.create(ADMIN, new MailboxForm(name, "u-" + System.nanoTime() + "@relais.test", null,
                InboundProtocol.IMAP, "127.0.0.1", 9, "user", "pw", null, null, 60, OutboundSecurity.NONE, null, null, null,
                null, t.groupId(), t.organizationId(), true)).id();
        try {
            var health = mailHealth.health();
            assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
            assertThat(String.valueOf(health.getDetails().get("notFetching"))).contains(name);
        } finally {
            deactivate(id);
        }
        assertThat(String.valueOf(mailHealth.health().getDetails().get("notFetching"))).doesNotContain(name);
    }

    /** A mailbox that neither fetches nor sends: mail is handed to the intake directly. */
    @Test
    void aBouncedAddressIsFlaggedOnTheTicketAndContactPagesUntilAnAdministratorClearsIt() throws Exception {
        var t = fixtures.tenant("Flag");
        var id = MailTestSupport.serverless(mailboxes, t, "F", "f-" + System.nanoTime() + "@relais.test");
        try {
            var address = t.customer().login();
            var request = intake.take(id, customerMail(address, "Scanner"));
            // The report names the address in capitals: the flag is the address, whatever its case.
            var dsn = deliveryReport(address.toUpperCase(java.util.Locale.ROOT), address, acknowledgementOf(request.ticketId()));
            assertThat(intake.take(id, dsn).kind()).isEqualTo(IntakeOutcome.Kind.BOUNCE);

            var agent = new AccountPrincipal(t.agent().accountId(), t.agent().login(), null, t.agent().id(), null, "en", "AGENT", true);
            var ticketPage = mvc.perform(get("/tickets/" + t.ticketId()).with(user(agent))).andReturn().getResponse()
                    .getContentAsString();
            assertThat(ticketPage).contains("Mail to " + address + " bounced on");
            // Another ticket of the same organization whose requester did not bounce: no warning.
            assertThat(mvc.perform(get("/tickets/" + t.otherTicketId()).with(user(agent))).andReturn().getResponse()
                    .getContentAsString()).doesNotContain("bounced on");

            var admin = admin();
            var contacts = mvc.perform(get("/admin/contacts").param("q", address).param("edit", String.valueOf(t.customer().id()))
                    .with(user(admin))).andReturn().getResponse().getContentAsString();
            assertThat(contacts).contains("class=\"bounced\"").contains("Mail to this contact bounced")
                    .contains("/admin/contacts/" + t.customer().id() + "/bounces/clear");

            // Only the contact's own addresses can be cleared through it, with a CSRF token, by an administrator.
            var wrongContact = mvc.perform(post("/admin/contacts/" + t.otherContactId() + "/bounces/clear").param("address", address)
                    .with(user(admin)).with(csrf())).andReturn().getResponse().getStatus();
            assertThat(wrongContact).isEqualTo(422);
            assertThat(mvc.perform(post("/admin/contacts/" + t.customer().id() + "/bounces/clear").param("address", address)
                    .with(user(admin))).andReturn().getResponse().getStatus()).isEqualTo(403);
            assertThat(mvc.perform(post("/admin/contacts/" + t.customer().id() + "/bounces/clear").param("address", address)
                    .with(user(agent)).with(csrf())).andReturn().getResponse().getStatus()).isEqualTo(403);
            assertThat(jdbc.sql("select count(*) from mail_address_flag where address = ?").param(address).query(Long.class).single())
                    .isEqualTo(1);

            var cleared = mvc.perform(post("/admin/contacts/" + t.customer().id() + "/bounces/clear").param("address", address)
                    .with(user(admin)).with(csrf())).andReturn().getResponse();
            assertThat(cleared.getRedirectedUrl()).isEqualTo("/admin/contacts?edit=" + t.customer().id());
            assertThat(jdbc.sql("select count(*) from mail_address_flag where address = ?").param(address).query(Long.class).single())
                    .isZero();
            assertThat(mvc.perform(get("/tickets/" + t.ticketId()).with(user(agent))).andReturn().getResponse()
                    .getContentAsString()).doesNotContain("bounced on");
        } finally {
            deactivate(id);
        }
    }

    /** A delivery status report saying that our mail {@code ours} to {@code to} failed for {@code finalRecipient}. */
    private static byte[] customerMail(String from, String subject) {
        return ("From: " + from + "\r\nTo: support@relais.test\r\nSubject: " + subject + "\r\nMessage-ID: <c."
                + System.nanoTime() + "@client.example>\r\n\r\nHello.\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The Message-ID of the acknowledgement the desk wrote for this ticket (waiting in the outbox). */
    private String acknowledgementOf(long ticketId) {
        return jdbc.sql("select message_id from outbox where ticket_id = ? and kind = 'ACKNOWLEDGEMENT'").param(ticketId)
                .query(String.class).single();
    }

    private static byte[] deliveryReport(String finalRecipient, String to, String ours) {
        return ("From: MAILER-DAEMON@mx.example\r\nTo: support@relais.test\r\nSubject: Undelivered Mail\r\n"
                + "Message-ID: <dsn." + System.nanoTime() + "@mx.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n\r\n"
                + "--r\r\nContent-Type: text/plain\r\n\r\nThe mail to " + to + " could not be delivered.\r\n"
                + "--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
                + "Final-Recipient: rfc822; " + finalRecipient + "\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "--r\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: support@relais.test\r\nTo: " + to
                + "\r\nMessage-ID: <" + ours + ">\r\n--r--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private long offline(io.relais.Fixtures.Tenant t, String prefix) {
        return mailboxes.create(ADMIN, new MailboxForm(prefix.toUpperCase() + " " + System.nanoTime(),
                prefix + "-" + System.nanoTime() + "@relais.test", null, InboundProtocol.NONE, null, null, null, null, null,
                null, null, OutboundSecurity.NONE, null, null, null, null, t.groupId(), t.organizationId(), true)).id();
    }

    private void deactivate(long id) {
        MailTestSupport.switchOff(mailboxes, id);
        jdbc.sql("update outbox set state = 'FAILED' where source_id = ? and state <> 'SENT'").param(id).update();
    }

    private AccountPrincipal admin() {
        var p = fixtures.agent("Admin " + System.nanoTime(), "admin" + System.nanoTime() + "@relais.example", Role.ADMIN, Set.of());
        return new AccountPrincipal(p.accountId(), p.login(), null, p.id(), null, "en", "ADMIN", true);
    }
}
