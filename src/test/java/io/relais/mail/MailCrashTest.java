package io.relais.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.relais.RelaisApplication;
import io.relais.TestDatabases;
import io.relais.mail.MailCrashChild.Pause;
import io.relais.mail.MailCrashChild.When;
import jakarta.mail.Flags;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Crash safety of the mail path, with real crashes: Relais runs in a JVM of its own (its real main class, on a
 * database both JVMs reach: an H2 server in this JVM, or the PostgreSQL of {@code -Ppostgres}), fetches from and
 * sends to GreenMail in this JVM over IMAP, POP3 and SMTP, and is killed with SIGKILL ({@code kill -9}) while its
 * threads wait at dangerous points. {@link MailCrashChild} makes them wait there by watching the statements the
 * application sends to its database; nothing in the production code knows about it. The desk has two IMAP and two
 * POP3 mailboxes, so that one life is killed at five points at once (one per mailbox's fetcher, one in the outbox);
 * two sets of points take turns, {@value #ROUNDS} times each. Then a last life runs uninterrupted, and what the
 * README promises is checked:
 * <ul>
 * <li>killed inside the intake's transaction, just after its commit and before the mailbox learns it (IMAP: before
 *     {@code \Seen}; POP3: before {@code DELE} and {@code QUIT}), or after {@code \Seen} and before the last UID is
 *     recorded: every message is a ticket once, none is lost, the imported counts count each once, and in the end
 *     every message is flagged or deleted on the server;</li>
 * <li>killed after the outbox's claim and before sending: the dead node's claim is taken over (its heartbeat
 *     stopped; the claim itself would last 5 minutes) and the mail is sent once;</li>
 * <li>killed after the SMTP server accepted a mail and before the outbox's SENT mark (the one window the README
 *     admits): the mail is sent again, once more per such crash, with the same Message-ID and the same content;</li>
 * <li>agents' replies, killed inside the SENT mark's transaction (the server accepted the reply) and just after its
 *     commit: the same, and each reply's article ends with the Message-ID sent and the delivery state SENT — never a
 *     sent reply showing "sending".</li>
 * </ul>
 */
class MailCrashTest {
    private static final int ROUNDS = 3;
    /** Lives killed in the outbox's SENT transaction of an agent's reply, and as many killed just after its commit. */
    private static final int REPLY_ROUNDS = 2;
    /** Agent replies written as each of those lives starts. */
    private static final int REPLIES_PER_LIFE = 2;
    /** New mails per mailbox before each life. */
    private static final int PER_LIFE = 3;
    /** The longest any one wait may take (a child starting on a loaded machine, a claim taken over): a guard, not a measure. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final String SCHEMA = "relais_crash";
    private static final String DOMAIN = "crash-client.example";
    private static final String PASSWORD = "crash-secret";

    private GreenMail mail;
    private Server h2;
    private String url;
    private String user;
    private String password;
    private JdbcClient jdbc;
    private Path work;
    private Process child;
    private Path log;
    /** The desk's mailboxes by key ({@link MailCrashChild#MAILBOXES}), once made. */
    private final Map<String, Long> ids = new LinkedHashMap<>();
    /** Every mail sent to the desk: its Message-ID (bare), by the key of the mailbox it went to. */
    private final Map<String, List<String>> sent = new LinkedHashMap<>();
    /** The crashes after the SMTP server's acceptance, by the bare Message-ID of the mail accepted. */
    private final Map<String, Integer> crashedAfterAcceptance = new HashMap<>();
    /** The tickets an agent answered, one reply each, in order. */
    private final List<Long> answered = new ArrayList<>();
    private int lives;

    @BeforeEach
    void servers() throws Exception {
        mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3_IMAP));
        mail.start();
        for (var key : MailCrashChild.MAILBOXES) {
            mail.setUser(login(key), login(key), PASSWORD);
            sent.put(key, new ArrayList<>());
        }
        if (TestDatabases.postgres()) {
            var base = System.getenv().getOrDefault("RELAIS_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
            url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
            user = System.getenv().getOrDefault("RELAIS_TEST_PG_USER", "postgres");
            password = System.getenv().getOrDefault("RELAIS_TEST_PG_PASSWORD", "");
        } else {
            // an in-memory database served over TCP by this JVM: the child reaches it, and a killed child's open
            // transaction is rolled back as on a database server
            int port;
            try (var socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
            url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:" + SCHEMA + System.nanoTime()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
            user = "sa";
            password = "";
        }
        jdbc = JdbcClient.create(new DriverManagerDataSource(url, user, password));
        if (TestDatabases.postgres()) {
            jdbc.sql("drop schema if exists " + SCHEMA + " cascade").update();
        }
        work = Files.createTempDirectory("relais-mail-crash");
    }

    @AfterEach
    void stop() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        mail.stop();
        if (h2 != null) {
            h2.stop();
        }
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void killedAtEachDangerousPointTheMailPathLosesNothingDoublesNoTicketAndResendsOnlyWhatTheServerHadAccepted()
            throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            // Inside the intake's transaction (the ticket written, the message not recorded as taken yet), just after
            // its commit (the IMAP message not flagged \Seen yet, the POP3 one not deleted), and just after the
            // outbox's claim (nothing sent yet). The first life also makes the desk, on the fresh database.
            sendNewMail();
            live(round == 1, List.of(), List.of(
                    Pause.format("imap1-taken", When.AFTER_COMMIT, "mail-intake-{imap1}", "insert into mail_message"),
                    Pause.format("imap2-taking", When.BEFORE, "mail-intake-{imap2}", "insert into mail_message"),
                    Pause.format("pop1-taken", When.AFTER_COMMIT, "mail-fetch-{pop1}", "insert into mail_message"),
                    Pause.format("pop2-taking", When.BEFORE, "mail-fetch-{pop2}", "insert into mail_message"),
                    Pause.format("outbox-claimed", When.AFTER_COMMIT, "outbox-delivery", "update outbox set state = 'SENDING'")));
            assertThat(takenNotFlagged("imap1")).as("IMAP messages taken, not flagged \\Seen when killed").isNotEmpty();
            assertThat(notTaken("imap2")).as("IMAP messages not taken when killed").isNotEmpty();
            assertThat(takenStillOnServer("pop1")).as("POP3 messages taken, still on the server when killed").isNotEmpty();
            assertThat(notTaken("pop2")).as("POP3 messages not taken when killed").isNotEmpty();
            assertThat(claimedNotSent()).as("outbox mails claimed, not sent when killed").isNotEmpty();

            // Just before the statements that follow the servers' answers: the last UID (after STORE \Seen), the
            // POP3 pass's end (after every message was taken, before DELE and QUIT), the outbox's SENT mark (after
            // the SMTP server's "250 OK").
            sendNewMail();
            live(false, List.of(), List.of(
                    Pause.format("imap1-flagged", When.BEFORE, "mail-fetch-{imap1}", "update mailbox_state set last_uid"),
                    Pause.format("imap2-flagged", When.BEFORE, "mail-fetch-{imap2}", "update mailbox_state set last_uid"),
                    Pause.format("pop1-before-delete", When.BEFORE, "mail-fetch-{pop1}", "update mailbox_state set last_fetch_at"),
                    Pause.format("pop2-before-delete", When.BEFORE, "mail-fetch-{pop2}", "update mailbox_state set last_fetch_at"),
                    Pause.format("outbox-accepted", When.BEFORE, "outbox-delivery", "update outbox set state = 'SENT'")));
            for (var key : List.of("imap1", "imap2")) {
                assertThat(flaggedNotRecorded(key)).as("%s: messages flagged \\Seen above the recorded last UID when killed", key)
                        .isNotEmpty();
            }
            for (var key : List.of("pop1", "pop2")) {
                assertThat(takenStillOnServer(key)).as("%s: messages taken, still on the server when killed", key).isNotEmpty();
            }
            var accepted = acceptedNotMarked();
            assertThat(accepted).as("outbox mails the SMTP server accepted, not marked SENT when killed").hasSize(1);
            crashedAfterAcceptance.merge(accepted.get(0), 1, Integer::sum);
        }

        // Agent replies (the desk's answers, queued in the outbox as the intake's acknowledgements are, each with its
        // article): killed inside the transaction of the SENT mark, after the SMTP server accepted the reply and before
        // the mark and the article's delivery state committed (the window the README admits); then just after that
        // commit. The acknowledgements of the lives above are all sent first (the outbox goes in id order), so the
        // second pause meets a reply.
        for (int round = 1; round <= REPLY_ROUNDS; round++) {
            live(false, answerMore(), List.of(Pause.format("reply-accepted", When.BEFORE, "outbox-delivery", "update article set")));
            var accepted = acceptedNotMarked();
            assertThat(accepted).as("replies the SMTP server accepted, not marked SENT when killed").hasSize(1);
            assertThat(jdbc.sql("select o.message_id, a.delivery_state from outbox o join article a on a.id = o.article_id")
                    .query((rs, i) -> Map.entry(bare(rs.getString(1)), rs.getString(2))).list().stream()
                    .filter(e -> e.getKey().equals(accepted.get(0))).map(Map.Entry::getValue).toList())
                    .as("the mail accepted at the kill: a reply, its article still queued").containsExactly("QUEUED");
            crashedAfterAcceptance.merge(accepted.get(0), 1, Integer::sum);
            assertThat(count("select count(*) from outbox where state <> 'SENT' and article_id is null"))
                    .as("acknowledgements not sent yet (the next pause must meet a reply)").isZero();

            var sentReplies = count("select count(*) from outbox where state = 'SENT' and article_id is not null");
            live(false, answerMore(), List.of(Pause.format("reply-marked", When.AFTER_COMMIT, "outbox-delivery",
                    "update outbox set state = 'SENT'")));
            assertThat(count("select count(*) from outbox where state = 'SENT' and article_id is not null"))
                    .as("a reply marked SENT when killed").isGreaterThan(sentReplies);
            assertThat(count("select count(*) from outbox o join article a on a.id = o.article_id"
                    + " where o.state = 'SENT' and a.delivery_state <> 'SENT'"))
                    .as("replies marked SENT whose article does not say so, when killed").isZero();
        }

        // The last life runs to the end.
        start(false, List.of(), List.of());
        var all = new ArrayList<String>();
        sent.values().forEach(all::addAll);
        // (at least: the exact counts are asserted below, so that a duplicate fails there rather than here at the ceiling)
        awaitCondition("every mail taken, every acknowledgement sent, every message flagged or deleted", () ->
                count("select count(*) from mail_message") >= all.size()
                        && count("select count(*) from outbox") >= all.size()
                        && count("select count(*) from outbox where state <> 'SENT'") == 0
                        && MailCrashChild.MAILBOXES.stream().allMatch(key -> key.startsWith("imap")
                        ? stored(key).stream().allMatch(m -> m.isSet(Flags.Flag.SEEN))
                                && count("select last_uid from mailbox_state where mailbox_id = ?", ids.get(key)) == maxUid(key)
                        : stored(key).stream().allMatch(m -> m.isSet(Flags.Flag.DELETED))));

        // No ticket twice, none lost; each counted once.
        for (var key : MailCrashChild.MAILBOXES) {
            for (var id : sent.get(key)) {
                assertThat(jdbc.sql("select outcome from mail_message where mailbox_id = ? and message_id = ?")
                        .params(ids.get(key), id).query(String.class).list()).as("intake of %s", id).containsExactly("TICKET");
                assertThat(count("select count(*) from article where message_id = ?", id)).as("articles of %s", id)
                        .isEqualTo(1);
            }
            assertThat(count("select imported from mailbox_state where mailbox_id = ?", ids.get(key))).as("imported by %s", key)
                    .isEqualTo(sent.get(key).size());
        }
        assertThat(count("select count(*) from mail_message")).isEqualTo(all.size());
        assertThat(count("select count(distinct ticket_id) from mail_message")).isEqualTo(all.size());

        // Each acknowledgement once, except those the server had accepted at a kill: once more per such kill, with
        // the same Message-ID and the same text.
        var acks = acknowledgements();
        var outbox = jdbc.sql("select message_id, recipients from outbox").query((rs, i) -> Map.entry(bare(rs.getString(1)),
                rs.getString(2))).list();
        assertThat(outbox).hasSize(all.size() + answered.size());
        for (var row : outbox) {
            var copies = acks.getOrDefault(row.getKey(), List.of());
            assertThat(copies).as("copies of %s", row.getKey())
                    .hasSize(1 + crashedAfterAcceptance.getOrDefault(row.getKey(), 0));
            assertThat(copies.stream().map(MailCrashTest::recipient).distinct().toList()).containsExactly(row.getValue());
            assertThat(copies.stream().map(MailCrashTest::text).distinct()).hasSize(1);
        }
        assertThat(acks.values().stream().mapToInt(List::size).sum()).isEqualTo(all.size() + answered.size()
                + crashedAfterAcceptance.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(crashedAfterAcceptance.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(ROUNDS + REPLY_ROUNDS);

        // Each reply's article carries the Message-ID the customer received, and says it was sent.
        var replies = jdbc.sql("select a.message_id, a.delivery_state from article a join outbox o on o.article_id = a.id")
                .query((rs, i) -> Map.entry(bare(rs.getString(1)), rs.getString(2))).list();
        assertThat(replies).hasSize(answered.size());
        for (var reply : replies) {
            assertThat(acks.get(reply.getKey())).as("copies of the reply %s", reply.getKey()).isNotEmpty();
            assertThat(reply.getValue()).as("delivery state of the reply %s", reply.getKey()).isEqualTo("SENT");
        }
        kill();
    }

    // ---- lives of the child

    /**
     * Starts a life with these pauses (making the desk first when told to), waits until its threads stopped at every
     * one of them, and kills it.
     */
    private void live(boolean desk, List<Long> replyTo, List<String> pauses) throws Exception {
        var started = System.nanoTime();
        start(desk, replyTo, pauses);
        if (desk) {
            for (var pair : awaitLine(MailCrashChild.DESK).substring(MailCrashChild.DESK.length()).trim().split(",")) {
                ids.put(pair.substring(0, pair.indexOf('=')), Long.parseLong(pair.substring(pair.indexOf('=') + 1)));
            }
        }
        if (!replyTo.isEmpty()) {
            awaitLine(MailCrashChild.REPLIED);
        }
        for (var pause : pauses) {
            awaitLine(MailCrashChild.PAUSED + pause.substring(0, pause.indexOf('~')) + " ");
        }
        kill();
        System.out.printf("MailCrashTest: life %d killed at its %d points after %d ms%n", lives, pauses.size(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** The next tickets to answer: taken from mail earlier lives took, one reply each. */
    private List<Long> answerMore() {
        var next = jdbc.sql("select ticket_id from mail_message where ticket_id is not null order by id")
                .query(Long.class).list().stream().distinct().skip(answered.size()).limit(REPLIES_PER_LIFE).toList();
        assertThat(next).as("tickets left to answer").hasSize(REPLIES_PER_LIFE);
        answered.addAll(next);
        return next;
    }

    private void start(boolean desk, List<Long> replyTo, List<String> pauses) throws IOException, java.net.URISyntaxException {
        lives++;
        log = work.resolve("life-" + lives + ".log");
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-D" + MailCrashChild.PAUSES + "=" + String.join(";", pauses),
                "-D" + MailCrashChild.REPLIES + "=" + replyTo.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "-D" + MailCrashChild.IDS + "=" + ids.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","))));
        if (desk) {
            command.addAll(List.of("-Drelais.crash.desk=true", "-Drelais.crash.domain=" + DOMAIN,
                    "-Drelais.crash.smtp-port=" + mail.getSmtp().getPort(), "-Drelais.crash.imap-port=" + mail.getImap().getPort(),
                    "-Drelais.crash.pop-port=" + mail.getPop3().getPort(), "-Drelais.crash.password=" + PASSWORD));
        }
        command.addAll(List.of("-cp", classPath(), RelaisApplication.class.getName(),
                "--spring.main.sources=" + MailCrashChild.Points.class.getName() + "," + MailCrashChild.Desk.class.getName(),
                "--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password,
                "--server.port=0", "--server.address=127.0.0.1", "--spring.jmx.enabled=false",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--relais.secret-key=dGVzdC1vbmx5LXNlY3JldC1rZXktZm9yLXJlbGFpcy0zMmJ5dGVz",
                // a dead node's claims and leases are taken over 3 s after its last beat; its claims themselves
                // (5 min) and leases (2 min) keep their production lengths, so only the takeover can free them here
                "--relais.node.heartbeat-seconds=1", "--relais.node.stale-seconds=3",
                "--relais.outbox.poll-millis=200", "--relais.mail.fetch.max-backoff-seconds=2",
                "--spring.jpa.properties.hibernate.search.backend.directory.type=local-heap"));
        if (TestDatabases.postgres()) {
            command.addAll(List.of("--spring.flyway.schemas=" + SCHEMA, "--spring.flyway.default-schema=" + SCHEMA));
        }
        child = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** SIGKILL: no shutdown hook, no lifecycle stop, no connection closed politely. */
    private void kill() throws Exception {
        child.destroyForcibly();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child died").isTrue();
        assertThat(child.exitValue()).as("exit status of a SIGKILL").isEqualTo(128 + 9);
    }

    /**
     * The class path of this JVM without the test classes (the child must not scan the tests' components), plus a
     * folder holding only {@link MailCrashChild}'s classes.
     */
    private String classPath() throws IOException, java.net.URISyntaxException {
        var tests = Path.of(MailCrashChild.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toAbsolutePath().normalize();
        var hooks = work.resolve("hooks");
        var packageDir = MailCrashChild.class.getPackageName().replace('.', '/');
        Files.createDirectories(hooks.resolve(packageDir));
        try (var classes = Files.list(tests.resolve(packageDir))) {
            for (var file : classes.filter(f -> f.getFileName().toString().startsWith(MailCrashChild.class.getSimpleName())).toList()) {
                Files.copy(file, hooks.resolve(packageDir).resolve(file.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        var entries = new ArrayList<String>();
        for (var entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank() && !Path.of(entry).toAbsolutePath().normalize().equals(tests)) {
                entries.add(entry);
            }
        }
        assertThat(entries).as("the test JVM's class path lists the application's classes").anyMatch(e ->
                Files.isDirectory(Path.of(e)) && Files.exists(Path.of(e, RelaisApplication.class.getName().replace('.', '/') + ".class")));
        entries.add(hooks.toString());
        return String.join(File.pathSeparator, entries);
    }

    private String awaitLine(String prefix) {
        var found = new String[1];
        awaitCondition("\"" + prefix.trim() + "\" in " + log, () -> {
            found[0] = lines().stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** Waits for a condition, at most {@link #PATIENCE}; fails at once, with the child's output, if it died. */
    private void awaitCondition(String what, BooleanSupplier condition) {
        var deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (!child.isAlive()) {
                throw new AssertionError("the child died before " + what + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE + ": " + what + "\n" + tail());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private List<String> lines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        } catch (java.io.UncheckedIOException e) {
            return List.of(); // a line being written: read again at the next look
        }
    }

    private String tail() {
        var all = lines();
        return String.join("\n", all.subList(Math.max(0, all.size() - 80), all.size()));
    }

    // ---- mail

    private void sendNewMail() throws MessagingException {
        var props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
        var session = Session.getInstance(props);
        for (var key : MailCrashChild.MAILBOXES) {
            for (int i = 0; i < PER_LIFE; i++) {
                var n = sent.get(key).size();
                var id = "crash." + key + "." + n + "." + System.nanoTime() + "@client.example";
                var m = new MimeMessage(session) {
                    @Override
                    protected void updateMessageID() throws MessagingException {
                        setHeader("Message-ID", "<" + id + ">");
                    }
                };
                m.setFrom(new InternetAddress("customer-" + key + "-" + n + "@" + DOMAIN));
                m.addRecipient(RecipientType.TO, new InternetAddress(login(key)));
                m.setSubject("Crash " + key + " " + n, "UTF-8");
                m.setText("Mail " + n + " to " + key + ".", "UTF-8");
                m.saveChanges();
                Transport.send(m, m.getAllRecipients());
                sent.get(key).add(id);
            }
        }
    }

    private static String login(String key) {
        return key + "@relais.test";
    }

    /** What the server holds for this mailbox (POP3: deleted messages too, flagged \Deleted). */
    private List<StoredMessage> stored(String key) {
        try {
            return List.copyOf(mail.getManagers().getImapHostManager().getInbox(mail.getUserManager().getUserByEmail(login(key)))
                    .getMessages());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long maxUid(String key) {
        return stored(key).stream().mapToLong(StoredMessage::getUid).max().orElse(0);
    }

    /** IMAP messages whose intake committed and which are not flagged \Seen. */
    private List<String> takenNotFlagged(String key) {
        return stored(key).stream().filter(m -> !m.isSet(Flags.Flag.SEEN)).map(MailCrashTest::storedId)
                .filter(id -> taken(key, id)).toList();
    }

    /** IMAP messages flagged \Seen above the last UID the fetcher recorded. */
    private List<String> flaggedNotRecorded(String key) {
        var last = count("select last_uid from mailbox_state where mailbox_id = ?", ids.get(key));
        return stored(key).stream().filter(m -> m.isSet(Flags.Flag.SEEN) && m.getUid() > last)
                .map(MailCrashTest::storedId).filter(id -> taken(key, id)).toList();
    }

    /** Messages the server holds (not deleted, not flagged \Seen) whose intake did not commit. */
    private List<String> notTaken(String key) {
        return stored(key).stream().filter(m -> !m.isSet(Flags.Flag.DELETED) && !m.isSet(Flags.Flag.SEEN))
                .map(MailCrashTest::storedId).filter(id -> !taken(key, id)).toList();
    }

    /** Messages whose intake committed and which the server still holds (not deleted). */
    private List<String> takenStillOnServer(String key) {
        return stored(key).stream().filter(m -> !m.isSet(Flags.Flag.DELETED)).map(MailCrashTest::storedId)
                .filter(id -> taken(key, id)).toList();
    }

    private boolean taken(String key, String messageId) {
        return count("select count(*) from mail_message where mailbox_id = ? and message_id = ?", ids.get(key), messageId) == 1;
    }

    /** Outbox mails claimed (SENDING) that the SMTP server never received. */
    private List<String> claimedNotSent() {
        var received = acknowledgements();
        return unsent().stream().filter(id -> !received.containsKey(id)).toList();
    }

    /** Outbox mails not marked SENT that the SMTP server received. */
    private List<String> acceptedNotMarked() {
        var received = acknowledgements();
        return unsent().stream().filter(id -> received.containsKey(id)
                && received.get(id).size() == 1 + crashedAfterAcceptance.getOrDefault(id, 0)).toList();
    }

    private List<String> unsent() {
        return jdbc.sql("select message_id from outbox where state = 'SENDING'").query(String.class).list().stream()
                .map(MailCrashTest::bare).toList();
    }

    /** What the client's addresses received, by bare Message-ID. */
    private Map<String, List<MimeMessage>> acknowledgements() {
        for (int attempt = 0; ; attempt++) {
            try {
                return List.of(mail.getReceivedMessagesForDomain(DOMAIN)).stream()
                        .collect(Collectors.groupingBy(MailCrashTest::messageId, LinkedHashMap::new, Collectors.toList()));
            } catch (java.util.ConcurrentModificationException e) {
                if (attempt > 50) {
                    throw e; // delivery in progress: read again, a bounded number of times
                }
            }
        }
    }

    private long count(String sql, Object... params) {
        var value = jdbc.sql(sql).params(params).query(Long.class).optional().orElse(0L);
        return value == null ? 0 : value;
    }

    private static String storedId(StoredMessage m) {
        return messageId(m.getMimeMessage());
    }

    private static String messageId(MimeMessage m) {
        try {
            return bare(m.getMessageID());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipient(MimeMessage m) {
        try {
            return ((InternetAddress) m.getRecipients(RecipientType.TO)[0]).getAddress();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(MimeMessage m) {
        try {
            var out = new java.io.ByteArrayOutputStream();
            m.getDataHandler().writeTo(out);
            return m.getSubject() + "\n" + out.toString(StandardCharsets.UTF_8);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bare(String messageId) {
        var id = messageId == null ? "" : messageId.trim();
        return id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
    }
}
