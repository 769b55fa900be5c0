package io.relais.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.relais.Fixtures.Tenant;
import io.relais.IntegrationTest;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.mail.internal.IntakeOutcome;
import io.relais.mail.internal.IntakeOutcome.Kind;
import io.relais.mail.internal.MailIntake;
import io.relais.security.Actor;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketViews.ArticleView;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The hostile and odd mail corpus (src/test/resources/mail/corpus, made by make-corpus.py) through
 * the real intake: every message becomes a ticket (or a follow-up, or a quarantine entry), none is
 * dropped, the message after it is always taken, its raw source is kept, and feeding the whole corpus
 * again changes nothing.
 */
class MailCorpusTest extends IntegrationTest {
    private static final Actor ADMIN = Actor.system("test admin");
    /**
     * Reads the tickets made: other suites take the same corpus in, so its senders may already be contacts of
     * another organization (their mail then goes there, as it should), out of this test tenant's sight.
     */
    private static final Actor READER = Actor.system("corpus reader");
    private static final Path CORPUS = Path.of("src/test/resources/mail/corpus");
    /**
     * What each message becomes. Today every one of them opens a ticket (automatic mail and bounces of mail we
     * never sent included: they are kept, marked, and answered by nobody); a message that should become something
     * else gets its line here, so a change of outcome is a decision, not an accident.
     */
    private static final Map<String, Kind> OUTCOME = Map.of();
    /**
     * Messages from people that cannot be answered: no usable sender (the ticket's requester is the placeholder
     * unknown-sender@relais.invalid, a domain that never exists).
     */
    private static final Set<String> UNANSWERABLE = new java.util.TreeSet<>(Set.of("no-from", "from-malformed",
            "no-headers-at-all", "null-sender"));
    private static final Set<String> AUTOMATIC = Set.of("bounce-dsn", "bounce-plain-postmaster", "ooo-outlook", "ooo-gmail",
            "ooo-exchange", "mailing-list", "x-autoreply", "empty-return-path", "noreply-sender");

    @Autowired Mailboxes mailboxes;
    @Autowired MailIntake intake;
    @Autowired TicketReads queries;
    @Autowired JdbcClient jdbc;

    Tenant tenant;
    long mailboxId;

    @BeforeEach
    void mailbox() {
        tenant = fixtures.tenant("Corpus");
        // Sends through a port where nothing listens: acknowledgements stay in the outbox, where we count them.
        mailboxId = mailboxes.create(ADMIN, new MailboxForm("Corpus " + System.nanoTime(), "corpus-" + System.nanoTime()
                + "@relais.test", null, InboundProtocol.NONE, null, null, null, null, null, null, null, OutboundSecurity.PLAIN,
                "127.0.0.1", 9, null, null, tenant.groupId(), tenant.organizationId(), true)).id();
    }

    @AfterEach
    void deactivate() {
        MailTestSupport.switchOff(mailboxes, mailboxId);
        jdbc.sql("update outbox set state = 'FAILED' where source_id = ? and state <> 'SENT'").param(mailboxId).update();
    }

    @Test
    void everyMessageOfTheCorpusIsTakenAndTheNextOneAlways() throws Exception {
        var files = corpus();
        assertThat(files).hasSizeGreaterThanOrEqualTo(60);
        var outcomes = new LinkedHashMap<String, IntakeOutcome>();
        int control = 0;
        for (var e : files.entrySet()) {
            // The auto-reply limit (a few automatic mails per address and hour) would hide whether a message is
            // answered: 58 of the files share one sender. Each message meets the limit afresh.
            jdbc.sql("update outbox set created_at = ? where source_id = ? and automatic = true")
                    .params(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(2), mailboxId).update();
            var outcome = intake.take(mailboxId, e.getValue());
            assertThat(outcome.kind()).as(e.getKey()).isEqualTo(OUTCOME.getOrDefault(e.getKey(), Kind.TICKET));
            outcomes.put(e.getKey(), outcome);
            var next = intake.take(mailboxId, ("From: control@corpus-control.example\r\nSubject: control " + control
                    + "\r\nMessage-ID: <control-" + control++ + "." + mailboxId + "@x>\r\n\r\nstill working\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(next.kind()).as("the message after " + e.getKey()).isEqualTo(Kind.TICKET);
        }

        // Each ticketed message keeps its raw source, byte for byte.
        var acknowledged = new java.util.TreeSet<String>();
        for (var e : outcomes.entrySet()) {
            var o = e.getValue();
            var article = article(o);
            assertThat(article.rawAttachmentId()).as(e.getKey()).isNotNull();
            var raw = queries.attachment(READER, o.ticketId(), article.rawAttachmentId()).content();
            assertThat(raw).as(e.getKey()).isEqualTo(files.get(e.getKey()));
            // Automatic mail is marked as such, and nothing answers it.
            var acks = jdbc.sql("select count(*) from outbox where ticket_id = ? and kind = 'ACKNOWLEDGEMENT'")
                    .param(o.ticketId()).query(Long.class).single();
            if (AUTOMATIC.contains(e.getKey())) {
                assertThat(article.automatic()).as(e.getKey() + " is automatic").isTrue();
                assertThat(acks).as(e.getKey() + " gets no acknowledgement").isZero();
            } else {
                assertThat(article.automatic()).as(e.getKey() + " is from a person").isFalse();
                assertThat(acks).as(e.getKey() + ": at most one acknowledgement").isLessThanOrEqualTo(1);
                if (acks == 1) {
                    acknowledged.add(e.getKey());
                }
            }
        }
        // The limit did not decide: every message from a person that can be answered was answered, exactly once.
        var unanswered = new java.util.TreeSet<>(outcomes.keySet());
        unanswered.removeAll(AUTOMATIC);
        unanswered.removeAll(acknowledged);
        assertThat(unanswered).as("messages from people that got no acknowledgement").isEqualTo(UNANSWERABLE);

        checks().forEach((name, check) -> check.accept(article(outcomes.get(name))));
        assertThat(subject(outcomes.get("rfc2047-q-subject"))).isEqualTo("Problème d'accès VPN");
        assertThat(subject(outcomes.get("8bit-utf8-headers"))).isEqualTo("Écran noir après mise à jour");
        assertThat(subject(outcomes.get("8bit-latin1-headers"))).isEqualTo("Clé USB refusée");
        assertThat(subject(outcomes.get("no-headers-at-all"))).isEqualTo("(no subject)");
        assertThat(subject(outcomes.get("long-subject"))).hasSize(300);
        // NUL bytes cannot be stored in a text column (PostgreSQL refuses them): dropped, the rest is a ticket
        assertThat(outcomes.get("nul-bytes").kind()).isEqualTo(Kind.TICKET);
        assertThat(article(outcomes.get("nul-bytes")).body()).doesNotContain("\u0000").isNotBlank();

        // The formatted version of each mail, as the browser gets it, carries nothing active.
        var admin = fixtures.agent("Corpus admin", "corpus-admin-" + System.nanoTime() + "@relais.example",
                io.relais.security.Role.ADMIN, Set.of());
        var formatted = 0;
        for (var e : outcomes.entrySet()) {
            var article = article(e.getValue());
            if (!article.hasHtml()) {
                continue;
            }
            formatted++;
            var page = renderedHtml(admin, e.getValue());
            assertNothingActive(e.getKey(), page);
        }
        assertThat(formatted).as("mails with a formatted version").isGreaterThanOrEqualTo(4);
        var hostile = renderedHtml(admin, outcomes.get("html-only-hostile"));
        assertThat(hostile.select("a[href]").eachAttr("href")).containsExactly("https://example.org/help");
        assertThat(hostile.body().text()).contains("Click here or there");
        assertThat(hostile.select("img")).allSatisfy(img -> assertThat(img.attr("src")).isEmpty());

        // Feeding the corpus again creates nothing.
        var articles = articleCount();
        for (var e : files.entrySet()) {
            assertThat(intake.take(mailboxId, e.getValue()).kind()).as(e.getKey()).isEqualTo(Kind.DUPLICATE);
        }
        assertThat(articleCount()).isEqualTo(articles);
    }

    @Test
    void theWholeCorpusArrivesThroughAnImapMailboxAndTheFetcherGoesToTheEnd() throws Exception {
        var files = corpus();
        var imap = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.IMAP}));
        imap.start();
        long imapMailbox = 0;
        try {
            var address = "corpus-imap-" + System.nanoTime() + "@relais.test";
            var user = imap.setUser(address, address, "imap-secret");
            var inbox = imap.getManagers().getImapHostManager().getInbox(user);
            var session = Session.getInstance(new Properties());
            for (var raw : files.values()) {
                inbox.appendMessage(new MimeMessage(session, new ByteArrayInputStream(raw)), new Flags(), new Date());
            }
            imapMailbox = mailboxes.create(ADMIN, new MailboxForm("Corpus IMAP " + address, address, null, InboundProtocol.IMAP,
                    "127.0.0.1", imap.getImap().getPort(), address, "imap-secret", "INBOX", null, 1, OutboundSecurity.NONE, null,
                    null, null, null, tenant.groupId(), tenant.organizationId(), true)).id();
            final long id = imapMailbox;
            // Every message is recorded (a ticket, a follow-up, an automatic mail set aside, a bounce) or quarantined,
            // and every one is acknowledged on the server: the fetcher went through to the last UID.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).until(() -> jdbc.sql(
                    "select count(*) from (select dedupe_key from mail_message where mailbox_id = ?"
                            + " union select dedupe_key from mail_quarantine where mailbox_id = ?) taken")
                    .params(id, id).query(Long.class).single() == files.size());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc.sql(
                    "select last_uid from mailbox_state where mailbox_id = ?").param(id).query(Long.class).single()
                    == inbox.getUIDNext() - 1);
            assertThat(inbox.getMessages()).allMatch(m -> m.getFlags().contains(Flags.Flag.SEEN));
        } finally {
            if (imapMailbox != 0) {
                MailTestSupport.switchOff(mailboxes, imapMailbox);
            }
            imap.stop();
        }
    }

    private Map<String, Consumer<ArticleView>> checks() {
        var c = new LinkedHashMap<String, Consumer<ArticleView>>();
        c.put("utf8-declared", a -> assertThat(a.body()).contains("2e étage ne répond plus"));
        c.put("latin1-declared", a -> assertThat(a.body()).contains("a été déplacée"));
        c.put("utf8-declared-as-latin1", a -> assertThat(a.body()).contains("Le réseau a été coupé"));
        c.put("no-charset-utf8-bytes", a -> assertThat(a.body()).contains("Déjà vu : l'écran"));
        c.put("unknown-charset", a -> assertThat(a.body()).contains("Données reçues"));
        c.put("windows-1252-quotes", a -> assertThat(a.body()).contains("It’s “broken” – again"));
        c.put("windows-1252-undeclared", a -> assertThat(a.body()).contains("Café – € 12"));
        c.put("8bit-utf8-headers", a -> assertThat(a.authorName()).isEqualTo("Éloïse Dürr"));
        c.put("from-encoded-name", a -> assertThat(a.authorName()).isEqualTo("François Lefèvre"));
        c.put("huge-header", a -> assertThat(a.body()).contains("over the limit"));
        c.put("many-headers", a -> assertThat(a.body()).contains("over the limit"));
        c.put("deeply-nested", a -> assertThat(a.body()).contains("nested deeper than"));
        c.put("six-hundred-parts", a -> assertThat(a.body()).contains("more than 500 parts"));
        c.put("multipart-alternative", a -> {
            assertThat(a.body()).isEqualTo("Plain version: printer jam.");
            assertThat(a.hasHtml()).isTrue();
        });
        c.put("html-only-hostile", a -> {
            assertThat(a.body()).contains("Click here").contains("https://example.org/help").doesNotContain("alert");
            assertThat(a.hasHtml()).isTrue();
        });
        c.put("multipart-related-cid", a -> {
            assertThat(a.attachments()).isEmpty(); // the screenshot is inline, shown in the formatted version
            assertThat(a.hasHtml()).isTrue();
        });
        c.put("forwarded-rfc822", a -> assertThat(names(a)).contains("Original problem.eml"));
        c.put("winmail-dat", a -> assertThat(names(a)).contains("winmail.dat"));
        c.put("smime-signed", a -> {
            assertThat(a.body()).isEqualTo("Signed text.");
            assertThat(names(a)).contains("smime.p7s");
        });
        c.put("pgp-signed", a -> assertThat(names(a)).contains("signature.asc"));
        c.put("calendar-invite", a -> assertThat(names(a)).contains("invite.ics"));
        c.put("attachment-only", a -> assertThat(names(a)).containsExactly("scan.pdf"));
        c.put("single-part-pdf", a -> assertThat(names(a)).containsExactly("report.pdf"));
        c.put("svg-attachment", a -> assertThat(names(a)).contains("diagram.svg"));
        c.put("rfc2231-filename", a -> assertThat(names(a)).contains("résumé été.pdf"));
        c.put("rfc2231-continuation", a -> assertThat(names(a)).contains("rapport d'incident été.pdf"));
        c.put("traversal-filename", a -> assertThat(names(a)).as("the attachment is kept, under a harmless name").hasSize(1)
                .allSatisfy(n -> assertThat(n).doesNotContain("/").doesNotContain("\\").doesNotStartWith(".").endsWith("evil.bat")));
        c.put("inline-image-unreferenced", a -> assertThat(a.attachments()).hasSize(1));
        c.put("foreign-loop-header", a -> assertThat(a.automatic()).isFalse());
        c.put("no-from", a -> assertThat(a.authorName()).isEqualTo("Unknown sender"));
        return c;
    }

    @Autowired
    org.springframework.test.web.servlet.MockMvc mvc;

    /** The page {@code /tickets/{id}/articles/{articleId}/html} as an administrator's browser gets it. */
    private org.jsoup.nodes.Document renderedHtml(io.relais.Fixtures.Person admin, IntakeOutcome o) throws Exception {
        var principal = new io.relais.security.internal.AccountPrincipal(admin.accountId(), admin.login(), null, admin.id(),
                null, "en", "ADMIN", true);
        var r = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/tickets/" + o.ticketId() + "/articles/" + o.articleId() + "/html")
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(principal)))
                .andReturn().getResponse();
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getHeader("Content-Security-Policy")).contains("default-src 'none'").contains("sandbox");
        return org.jsoup.Jsoup.parse(r.getContentAsString());
    }

    /** No script, frame, form, plugin or style sheet; no event handler; no javascript: anywhere; no remote image. */
    static void assertNothingActive(String name, org.jsoup.nodes.Document page) {
        assertThat(page.select("script, iframe, frame, frameset, object, embed, applet, form, input, button, textarea, "
                + "select, style, link, meta[http-equiv], svg, math, base[href]:not([target])")).as(name).isEmpty();
        for (var element : page.getAllElements()) {
            for (var attribute : element.attributes()) {
                assertThat(attribute.getKey().toLowerCase(java.util.Locale.ROOT)).as(name + ": <" + element.tagName() + ">")
                        .doesNotStartWith("on").isNotIn("formaction", "srcdoc", "xlink:href");
                var value = attribute.getValue().replaceAll("[\\s\\x00-\\x1f]", "").toLowerCase(java.util.Locale.ROOT);
                assertThat(value).as(name + ": <" + element.tagName() + " " + attribute.getKey() + ">")
                        .doesNotContain("javascript:").doesNotContain("vbscript:").doesNotContain("data:text/html")
                        .doesNotContain("expression(");
            }
        }
        for (var img : page.select("img[src]")) {
            assertThat(img.attr("src")).as(name + ": images come from the ticket itself").startsWith("/tickets/");
        }
        assertThat(page.html().toLowerCase(java.util.Locale.ROOT)).as(name).doesNotContain("javascript:");
    }

    private ArticleView article(IntakeOutcome o) {
        return queries.conversation(READER, o.ticketId()).stream().filter(a -> a.id() == o.articleId())
                .findFirst().orElseThrow();
    }

    private String subject(IntakeOutcome o) {
        return queries.ticket(READER, o.ticketId()).orElseThrow().subject();
    }

    private static java.util.List<String> names(ArticleView a) {
        return a.attachments().stream().map(f -> f.filename()).toList();
    }

    private long articleCount() {
        return jdbc.sql("select count(*) from article a join mail_message m on m.article_id = a.id where m.mailbox_id = ?")
                .param(mailboxId).query(Long.class).single();
    }

    private static Map<String, byte[]> corpus() throws IOException {
        var files = new java.util.TreeMap<String, byte[]>();
        try (var list = Files.list(CORPUS)) {
            for (var p : list.filter(f -> f.toString().endsWith(".eml")).toList()) {
                var name = p.getFileName().toString();
                files.put(name.substring(3, name.length() - 4), Files.readAllBytes(p));
            }
        }
        // Keep the files' order (their numbers), not the names'.
        var ordered = new LinkedHashMap<String, byte[]>();
        try (var list = Files.list(CORPUS)) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).sorted()
                    .forEach(n -> ordered.put(n.substring(3, n.length() - 4), files.get(n.substring(3, n.length() - 4))));
        }
        return ordered;
    }
}
