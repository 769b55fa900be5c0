package io.relais.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import io.relais.Fixtures.Tenant;
import io.relais.IntegrationTest;
import io.relais.security.Actor;
import io.relais.ticket.TicketReads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The import command (import-mail) as an administrator runs it: the hostile corpus as a folder of .eml files
 * (every message a ticket, a follow-up or a quarantine entry; nothing mailed; again: nothing new), and an
 * mbox of a few hundred messages written out of order, with agents' answers, customers' replies, forwards
 * and escaped From lines, which lands in the right threads with the messages' own dates. The dry run
 * predicts it and writes nothing.
 */
class MailImportTest extends IntegrationTest {
    private static final Actor ADMIN = Actor.system("test admin");
    private static final Path CORPUS = Path.of("src/test/resources/mail/corpus");
    private static final DateTimeFormatter RFC = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SEPARATOR = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Autowired Mailboxes mailboxes;
    @Autowired TicketReads queries;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationContext context;
    @Autowired org.springframework.test.web.servlet.MockMvc mvc;
    @TempDir Path dir;

    Tenant tenant;
    long mailboxId;
    String address;

    @BeforeEach
    void mailbox() {
        tenant = fixtures.tenant("Import");
        address = "import-" + System.nanoTime() + "@relais.test";
        mailboxId = MailTestSupport.serverless(mailboxes, tenant, "Import", address);
    }

    @AfterEach
    void deactivate() {
        MailTestSupport.switchOff(mailboxes, mailboxId);
    }

    @Test
    void theCorpusImportedAsAFolderOfEmlFilesIsTakenQuietlyOnceAndAgainCreatesNothing() throws Exception {
        long corpusFiles;
        try (var list = Files.list(CORPUS)) {
            corpusFiles = list.filter(f -> f.toString().endsWith(".eml")).count();
        }
        assertThat(corpusFiles).isGreaterThanOrEqualTo(60);

        var first = command("--mailbox", address.toUpperCase(Locale.ROOT), CORPUS.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("Imported: of " + corpusFiles + " messages").contains("tickets created");
        // every message is a ticket, a follow-up, a bounce or a quarantine entry; none is lost
        var taken = jdbc.sql("select count(*) from mail_message where mailbox_id = ?").param(mailboxId).query(Long.class).single();
        var quarantined = jdbc.sql("select count(*) from mail_quarantine where mailbox_id = ?").param(mailboxId).query(Long.class).single();
        assertThat(taken + quarantined).isEqualTo(corpusFiles);
        assertThat(jdbc.sql("select count(*) from mail_message where mailbox_id = ? and outcome not in ('TICKET', 'FOLLOW_UP', 'BOUNCE')")
                .param(mailboxId).query(Long.class).single()).isZero();
        // nothing is mailed about imported mail, and imported tickets have no SLA clocks
        assertThat(outbox()).isZero();
        assertThat(jdbc.sql("select count(*) from ticket t join mail_thread m on m.ticket_id = t.id where m.mailbox_id = ? and not t.imported")
                .param(mailboxId).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from sla_ticket s join mail_thread m on m.ticket_id = s.ticket_id where m.mailbox_id = ?")
                .param(mailboxId).query(Long.class).single()).isZero();

        var articles = articles();
        var again = command("--json", "--mailbox", String.valueOf(mailboxId), CORPUS.toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("\"tickets\":0,\"followUps\":0,\"duplicates\":" + corpusFiles + ",\"quarantined\":0");
        assertThat(articles()).isEqualTo(articles);
    }

    @Test
    void anMboxOfAFewHundredMessagesLandsInTheRightThreadsWithTheirDatesAndADryRunPredictsIt() throws Exception {
        var domain = "imp" + System.nanoTime() + ".example";
        var agent = tenant.agent().login();
        var start = Instant.now().minus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var messages = new ArrayList<Message>();
        int conversations = 60;
        int forwards = 20;
        for (int c = 0; c < conversations; c++) {
            var customer = "user" + c + "@" + domain;
            var subject = "Printer " + c + " jams on tray 2";
            var at = start.plus(c * 3L, ChronoUnit.HOURS);
            var original = "<orig-" + c + "@" + domain + ">";
            var answer = "<answer-" + c + "@old-desk.example>";
            var reply = "<reply-" + c + "@" + domain + ">";
            messages.add(new Message(c, at, customer, subject, original, null, List.of(),
                    "Hello,\nthe printer jams.\nFrom the manual, step 3 did not help.\n>From here it gets worse.\n", c % 10 == 0));
            messages.add(new Message(c, at.plus(1, ChronoUnit.HOURS), agent, "Re: " + subject, answer, original, List.of(original),
                    "Please clean the rollers.\n", false));
            messages.add(new Message(c, at.plus(2, ChronoUnit.HOURS), customer, "Re: " + subject, reply, answer,
                    List.of(original, answer), "It still jams.\n", false));
            if (c % 2 == 0) {
                messages.add(new Message(c, at.plus(150, ChronoUnit.MINUTES), agent, "Re: " + subject, "<answer2-" + c + "@old-desk.example>",
                        reply, List.of(original, answer, reply), "A technician comes tomorrow.\n", false));
            }
        }
        for (int f = 0; f < forwards; f++) {
            var at = start.plus(conversations * 3L + f, ChronoUnit.HOURS);
            messages.add(new Message(conversations + f, at, "colleague" + f + "@" + domain, "Fwd: screen flickers " + f,
                    "<fwd-" + f + "@" + domain + ">", null, List.of(), null, false));
        }
        var shuffled = new ArrayList<>(messages);
        Collections.shuffle(shuffled, new Random(42));
        var mbox = dir.resolve("support-archive");
        try (var out = Files.newOutputStream(mbox)) {
            for (var m : shuffled) {
                out.write(m.mbox());
            }
        }
        assertThat(messages).hasSizeGreaterThanOrEqualTo(200);
        int followUps = messages.size() - conversations - forwards;

        var tickets = tickets();
        var dry = command("--dry-run", "--mailbox", address, mbox.toString());
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Dry run (nothing written): of " + messages.size() + " messages");
        assertThat(dry.out()).containsPattern("tickets created +" + (conversations + forwards) + " \\(estimate\\)")
                .containsPattern("follow-ups +" + followUps + " \\(estimate\\)");
        assertThat(tickets()).isEqualTo(tickets);

        var run = command("--json", "--mailbox", address, mbox.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"messages\":" + messages.size() + ",\"tickets\":" + (conversations + forwards)
                + ",\"followUps\":" + followUps + ",\"duplicates\":0,\"quarantined\":0");
        assertThat(run.err()).contains(messages.size() + " / " + messages.size() + " (100 %)");

        var reader = tenant.agent().actor();
        for (int c = 0; c < conversations; c++) {
            var ticketId = ticketOf("<orig-" + c + "@" + domain + ">");
            var conversation = queries.conversation(reader, ticketId);
            var c2 = c;
            var mine = messages.stream().filter(m -> m.conversation() == c2).sorted(java.util.Comparator.comparing(Message::at)).toList();
            assertThat(conversation).as("conversation " + c).hasSize(mine.size());
            for (int i = 0; i < mine.size(); i++) {
                var article = conversation.get(i);
                assertThat(article.createdAt()).as("conversation " + c + " message " + i).isEqualTo(mine.get(i).at());
                assertThat(article.byAgent()).as("conversation " + c + " message " + i + " by the agent")
                        .isEqualTo(mine.get(i).from().equals(agent));
            }
            assertThat(conversation.get(0).body()).contains("\nFrom the manual, step 3 did not help.\n>From here it gets worse.");
        }
        for (int f = 0; f < forwards; f++) {
            var ticketId = ticketOf("<fwd-" + f + "@" + domain + ">");
            var forwarded = queries.conversation(reader, ticketId).get(0);
            assertThat(forwarded.attachments()).as("forward " + f).anyMatch(a -> a.contentType().startsWith("message/rfc822"));
        }
        assertThat(outbox()).isZero();

        var tickets2 = tickets();
        var again = command("--json", "--mailbox", address, mbox.toString());
        assertThat(again.out()).contains("\"tickets\":0,\"followUps\":0,\"duplicates\":" + messages.size());
        assertThat(tickets()).isEqualTo(tickets2);
    }

    @Test
    void anAdministratorUploadsAnMboxAndWatchesItsImportWhileAgentsAndForgedPostsAreRefused() throws Exception {
        var domain = "upl" + System.nanoTime() + ".example";
        var at = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var mbox = new ByteArrayOutputStream();
        mbox.write(new Message(0, at, "ann@" + domain, "VPN drops", "<vpn-1@" + domain + ">", null, List.of(), "It drops.\n", false).mbox());
        mbox.write(new Message(0, at.plusSeconds(600), "ann@" + domain, "Re: VPN drops", "<vpn-2@" + domain + ">", "<vpn-1@" + domain + ">",
                List.of("<vpn-1@" + domain + ">"), "Again.\n", false).mbox());
        var file = new org.springframework.mock.web.MockMultipartFile("file", "support.mbox", "application/mbox", mbox.toByteArray());
        var p = fixtures.agent("Admin " + System.nanoTime(), "admin" + System.nanoTime() + "@relais.example", io.relais.security.Role.ADMIN,
                java.util.Set.of());
        var admin = new io.relais.security.internal.AccountPrincipal(p.accountId(), p.login(), null, p.id(), null, "en", "ADMIN", true);
        var agent = new io.relais.security.internal.AccountPrincipal(tenant.agent().accountId(), tenant.agent().login(), null, tenant.agent().id(),
                null, "en", "AGENT", true);

        // an agent may not import, and a post without the CSRF token is refused
        assertThat(mvc.perform(multipart("/admin/mail/imports").file(file).param("mailboxId", String.valueOf(mailboxId))
                .with(user(agent)).with(csrf())).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(mvc.perform(multipart("/admin/mail/imports").file(file).param("mailboxId", String.valueOf(mailboxId))
                .with(user(admin))).andReturn().getResponse().getStatus()).isEqualTo(403);
        // a file that is not mail is turned away with a reason
        var notMail = new org.springframework.mock.web.MockMultipartFile("file", "notes.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
        var refused = mvc.perform(multipart("/admin/mail/imports").file(notMail).param("mailboxId", String.valueOf(mailboxId))
                .with(user(admin)).with(csrf())).andReturn();
        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/admin/mailboxes#import");
        assertThat(refused.getFlashMap().get("importProblem")).isEqualTo("mailImport.notMail");

        var started = mvc.perform(multipart("/admin/mail/imports").file(file).param("mailboxId", String.valueOf(mailboxId))
                .with(user(admin)).with(csrf())).andReturn().getResponse();
        assertThat(started.getRedirectedUrl()).startsWith("/admin/mail/imports/");
        var page = io.relais.Patience.until("the import's final progress", () -> mvc.perform(get(started.getRedirectedUrl()
                + "/progress").with(user(admin))).andReturn().getResponse().getContentAsString(), shown -> shown.contains("id=\"import-tickets\""));
        assertThat(page).contains("id=\"import-tickets\">1<").contains("id=\"import-follow-ups\">1<")
                .doesNotContain("hx-trigger");
        var ticketId = ticketOf("<vpn-1@" + domain + ">");
        var conversation = queries.conversation(tenant.agent().actor(), ticketId);
        assertThat(conversation).hasSize(2);
        assertThat(conversation.get(0).createdAt()).isEqualTo(at);
        assertThat(outbox()).isZero();
        assertThat(mvc.perform(get("/tickets/" + ticketId).with(user(admin))).andReturn().getResponse().getContentAsString())
                .contains("title=\"Opened by a mail archive import: its messages keep their dates");
        var list = mvc.perform(get("/admin/mailboxes").with(user(admin))).andReturn().getResponse().getContentAsString();
        assertThat(list).contains("support.mbox").contains("1 tickets, 1 follow-ups, 0 duplicates, 0 quarantined");
        assertThat(mvc.perform(get(started.getRedirectedUrl()).with(user(agent))).andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void withCloseTheImportedTicketsAreFiledAsHistoryClosedAtTheirLastMessage() throws Exception {
        var domain = "hist" + System.nanoTime() + ".example";
        var at = Instant.now().minus(200, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var mbox = dir.resolve("history.mbox");
        try (var out = Files.newOutputStream(mbox)) {
            out.write(new Message(0, at, "kim@" + domain, "Scanner offline", "<scan-1@" + domain + ">", null, List.of(),
                    "Offline again.\n", false).mbox());
            out.write(new Message(0, at.plus(3, ChronoUnit.DAYS), "kim@" + domain, "Re: Scanner offline", "<scan-2@" + domain + ">",
                    "<scan-1@" + domain + ">", List.of("<scan-1@" + domain + ">"), "Fixed by itself.\n", false).mbox());
            out.write(new Message(1, at.plus(1, ChronoUnit.DAYS), "lou@" + domain, "Badge refused", "<badge-1@" + domain + ">", null,
                    List.of(), "My badge is refused.\n", false).mbox());
        }
        var run = command("--close", "--mailbox", address, mbox.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("tickets closed +2");
        var reader = tenant.agent().actor();
        var scanner = queries.ticket(reader, ticketOf("<scan-1@" + domain + ">")).orElseThrow();
        assertThat(scanner.status()).isEqualTo(io.relais.ticket.Status.CLOSED);
        var timeline = queries.timeline(reader, scanner.id());
        var closing = timeline.get(timeline.size() - 1);
        assertThat(closing.at()).isEqualTo(at.plus(3, ChronoUnit.DAYS));
        assertThat(closing.actorName()).isEqualTo("mail import");
        assertThat(queries.ticket(reader, ticketOf("<badge-1@" + domain + ">")).orElseThrow().status())
                .isEqualTo(io.relais.ticket.Status.CLOSED);
        // nothing mailed: the import closed them, not an agent
        assertThat(outbox()).isZero();
    }

    @Test
    void wrongUsageIsExplainedWithSysexitsCodes() {
        var none = command("--mailbox", address);
        assertThat(none.code()).isEqualTo(64);
        assertThat(none.err()).contains("Usage: java -jar relais.jar import-mail");
        var unknownMailbox = command("--mailbox", "nobody@nowhere.example", CORPUS.toString());
        assertThat(unknownMailbox.code()).isEqualTo(64);
        assertThat(unknownMailbox.err()).contains("No mailbox nobody@nowhere.example");
        var missing = command("--mailbox", address, dir.resolve("absent.mbox").toString());
        assertThat(missing.code()).isEqualTo(66);
        assertThat(missing.err()).contains("No such file or folder");
    }

    /** One message of the archive; {@code noDate}: no Date header, the mbox separator's date counts. */
    record Message(int conversation, Instant at, String from, String subject, String messageId, String inReplyTo,
                   List<String> references, String body, boolean noDate) {
        byte[] mbox() {
            var head = new StringBuilder();
            head.append("From: ").append(from).append("\n");
            head.append("To: support@old-desk.example\n");
            head.append("Subject: ").append(subject).append("\n");
            if (!noDate) {
                head.append("Date: ").append(RFC.format(at)).append("\n");
            }
            head.append("Message-ID: ").append(messageId).append("\n");
            if (inReplyTo != null) {
                head.append("In-Reply-To: ").append(inReplyTo).append("\n");
            }
            if (!references.isEmpty()) {
                head.append("References: ").append(String.join(" ", references)).append("\n");
            }
            head.append("MIME-Version: 1.0\n");
            String content;
            if (body == null) {
                var boundary = "fwd-" + messageId.hashCode();
                head.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\n");
                content = "--" + boundary + "\nContent-Type: text/plain; charset=utf-8\n\nSee the mail below.\n\n--" + boundary
                        + "\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename=\"original.eml\"\n\n"
                        + "From: someone@elsewhere.example\nSubject: screen flickers\nMessage-ID: <inner" + messageId.substring(1)
                        + "\n\nThe screen flickers.\n\n--" + boundary + "--\n";
            } else {
                head.append("Content-Type: text/plain; charset=utf-8\n");
                content = body;
            }
            // mboxrd: a line starting with From (after any '>') gains one more '>'
            var escaped = new StringBuilder();
            for (var line : content.split("\n", -1)) {
                escaped.append(line.matches(">*From .*") ? ">" + line : line).append("\n");
            }
            var text = "From " + from + " " + SEPARATOR.format(at) + "\n" + head + "\n" + escaped + "\n";
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    record Result(int code, String out, String err) {}

    private Result command(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = ImportMailCommand.run(context, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private long ticketOf(String messageId) {
        return jdbc.sql("select ticket_id from mail_message where mailbox_id = ? and message_id = ?").params(mailboxId,
                messageId.substring(1, messageId.length() - 1)).query(Long.class).single();
    }

    private long outbox() {
        return jdbc.sql("select count(*) from outbox where source_id = ?").param(mailboxId).query(Long.class).single();
    }

    private long tickets() {
        return jdbc.sql("select count(*) from ticket").query(Long.class).single();
    }

    private long articles() {
        return jdbc.sql("select count(*) from article a join mail_thread m on m.ticket_id = a.ticket_id where m.mailbox_id = ?")
                .param(mailboxId).query(Long.class).single();
    }
}
