package io.relais.bench;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * The mail_ingest phase: {@code count} varied messages placed in a GreenMail IMAP mailbox (in this
 * JVM), then a Relais mailbox pointed at it; measures the time until every message is taken (a
 * ticket or a follow-up), with Relais's and PostgreSQL's CPU per mail.
 */
final class MailIngest {
    private MailIngest() {}

    /**
     * The mailbox password as Relais stores it (io.relais.security.Secrets: AES-GCM with a key derived
     * from relais.secret-key), so that the bench can create the mailbox row directly.
     */
    static String encrypt(String secretKey, String plain) throws Exception {
        var master = java.util.Base64.getDecoder().decode(secretKey);
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(master, "HmacSHA256"));
        var key = mac.doFinal("relais-encryption".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var nonce = new byte[12];
        new java.security.SecureRandom().nextBytes(nonce);
        var cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, nonce));
        var sealed = cipher.doFinal(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var out = new byte[nonce.length + sealed.length];
        System.arraycopy(nonce, 0, out, 0, nonce.length);
        System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
        return "v1:" + java.util.Base64.getEncoder().encodeToString(out);
    }

    static Map<String, Object> run(String dbUrl, String dbUser, String secretKey, long relaisPid, int count, int warmup,
                                   long seed) throws Exception {
        // As Relais does (io.relais.mail.internal.MailProviders): without it, GreenMail's every header parse scans
        // the class path for Jakarta Mail's stream provider, and the test server's CPU hides Relais's.
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        // Before GreenMail's classes load: its sequence-number and by-UID look-ups use the mailbox's index.
        var lookups = GreenMailIndex.install();
        // IMAP for the mailbox, SMTP for the acknowledgement each new ticket sends through the outbox.
        var greenMail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        try (var db = DriverManager.getConnection(dbUrl, dbUser, "")) {
            var senders = new ArrayList<String>();
            try (var rs = db.createStatement().executeQuery("select email from contact where email is not null order by id limit 600")) {
                while (rs.next()) {
                    senders.add(rs.getString(1));
                }
            }
            long groupId;
            try (var rs = db.createStatement().executeQuery("select min(id) from agent_group")) {
                rs.next();
                groupId = rs.getLong(1);
            }
            Map<String, Object> warm = null;
            if (warmup > 0) {
                // The same path, first, in a mailbox of its own: the JIT compiles the parser, the fetcher and the
                // intake (the HTTP phases before this one run none of them), as on a server that has been taking
                // mail for a while. Reported apart; not in the figures below.
                System.err.printf("mail_ingest: warm-up with %d messages in a mailbox of their own%n", warmup);
                warm = ingest(greenMail, db, secretKey, relaisPid, warmup, seed + 1, senders, groupId, true);
            }
            var m = ingest(greenMail, db, secretKey, relaisPid, count, seed, senders, groupId, false);
            var indexed = Boolean.TRUE.equals(m.remove("indexed"));
            m.put("imap_server", !indexed ? "GreenMail, stock"
                    : lookups.equals("patched") ? "GreenMail with an indexed message list (bench/IndexedMessages) that its"
                            + " sequence-number and by-UID look-ups use (bench/GreenMailIndex)"
                    : "GreenMail with an indexed message list (bench/IndexedMessages); its look-ups stock");
            if (warm != null) {
                warm.remove("indexed");
                m.put("warmup", warm);
            }
            m.put("note", "time from the mailbox's creation until every message is recorded (includes the fetcher's start, up to"
                    + " 2 s); each new ticket enqueues an acknowledgement that the outbox delivers to GreenMail's SMTP meanwhile;"
                    + " the IMAP / SMTP server (GreenMail) runs in the bench's JVM on the same two cores: its CPU is"
                    + " greenmail_cpu_ms_per_mail; " + (warm == null ? "no warm-up of the mail path before it"
                    : "after a warm-up of " + warmup + " messages through another mailbox (its own figures under warmup)"));
            return m;
        } finally {
            greenMail.stop();
        }
    }

    /**
     * {@code count} messages placed in a new GreenMail mailbox, then a Relais mailbox created on it; waits until
     * every message is recorded, then switches the Relais mailbox off; with {@code drain}, also waits (untimed, 60 s at
     * most) until the outbox has sent the mailbox's acknowledgements, so that none is sent during the next measure.
     */
    private static Map<String, Object> ingest(GreenMail greenMail, java.sql.Connection db, String secretKey, long relaisPid,
                                              int count, long seed, List<String> senders, long groupId, boolean drain)
            throws Exception {
        var address = "ingest-" + System.currentTimeMillis() + "@bench.test";
        var user = greenMail.setUser(address, address, "unused");
        var inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        var indexed = IndexedMessages.install(inbox);
        var random = new SplittableRandom(seed);
        var session = Session.getInstance(new Properties());
        System.err.printf("mail_ingest: placing %d messages in the IMAP mailbox%n", count);
        var previous = new ArrayList<String[]>();
        for (int i = 0; i < count; i++) {
            inbox.store(message(session, random, i, address, senders, previous));
        }
        long mailboxId;
        try (var st = db.prepareStatement("insert into mailbox (name, address, inbound_protocol, inbound_host, inbound_port,"
                + " inbound_user, inbound_password, inbound_folder, poll_seconds, outbound_security, smtp_host, smtp_port,"
                + " default_group_id, active, created_at)"
                + " values (?, ?, 'IMAP', '127.0.0.1', ?, ?, ?, 'INBOX', 5, 'PLAIN', '127.0.0.1', ?, ?, true, now())",
                new String[] {"id"})) {
            st.setString(1, "Bench " + address);
            st.setString(2, address);
            st.setInt(3, greenMail.getImap().getPort());
            st.setString(4, address);
            st.setString(5, encrypt(secretKey, "unused"));
            st.setInt(6, greenMail.getSmtp().getPort());
            st.setLong(7, groupId);
            st.executeUpdate();
            var keys = st.getGeneratedKeys();
            keys.next();
            mailboxId = keys.getLong(1);
        }
        var relaisBefore = LoadDriver.cpuTicks(relaisPid);
        var pgBefore = LoadDriver.postgresTicks();
        var selfBefore = LoadDriver.cpuTicks(ProcessHandle.current().pid());
        var started = System.nanoTime();
        try (var st = db.prepareStatement("insert into mailbox_state (mailbox_id) values (?)")) {
            st.setLong(1, mailboxId);
            st.executeUpdate();
        }
        long taken = 0;
        // Far beyond the target (200 mails/s): a stalled intake ends the phase instead of the run.
        var deadline = System.nanoTime() + Duration.ofSeconds(Math.max(90, count / 10)).toNanos();
        var lastReport = System.nanoTime();
        while (taken < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            try (var rs = db.createStatement().executeQuery("select count(*) from mail_message where mailbox_id = " + mailboxId)) {
                rs.next();
                taken = rs.getLong(1);
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                System.err.printf("mail_ingest: %d / %d taken%n", taken, count);
                lastReport = System.nanoTime();
            }
        }
        var seconds = (System.nanoTime() - started) / 1e9;
        var relaisMs = (LoadDriver.cpuTicks(relaisPid) - relaisBefore) * 1000.0 / LoadDriver.CLOCK_TICKS;
        var pgMs = (LoadDriver.postgresTicks() - pgBefore) * 1000.0 / LoadDriver.CLOCK_TICKS;
        var selfMs = (LoadDriver.cpuTicks(ProcessHandle.current().pid()) - selfBefore) * 1000.0 / LoadDriver.CLOCK_TICKS;
        var drained = System.nanoTime() + 60_000_000_000L;
        while (drain && System.nanoTime() < drained) {
            try (var rs = db.createStatement().executeQuery("select count(*) from outbox where source_id = " + mailboxId
                    + " and state in ('PENDING', 'SENDING')")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    break;
                }
            }
            Thread.sleep(200);
        }
        var acknowledgements = new LinkedHashMap<String, Long>();
        try (var rs = db.createStatement().executeQuery("select state, count(*) from outbox where source_id = " + mailboxId
                + " group by state order by state")) {
            while (rs.next()) {
                acknowledgements.put(rs.getString(1), rs.getLong(2));
            }
        }
        var outcomes = new LinkedHashMap<String, Long>();
        try (var rs = db.createStatement().executeQuery("select outcome, count(*) from mail_message where mailbox_id = "
                + mailboxId + " group by outcome order by outcome")) {
            while (rs.next()) {
                outcomes.put(rs.getString(1), rs.getLong(2));
            }
        }
        try (var st = db.prepareStatement("update mailbox set active = false where id = ?")) {
            st.setLong(1, mailboxId);
            st.executeUpdate();
        }
        var m = new LinkedHashMap<String, Object>();
        m.put("messages", count);
        m.put("taken", taken);
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        m.put("mails_per_s", Math.round(taken / seconds * 10) / 10.0);
        m.put("relais_cpu_ms_per_mail", taken == 0 ? 0 : Math.round(relaisMs / taken * 100) / 100.0);
        m.put("pg_cpu_ms_per_mail", taken == 0 ? 0 : Math.round(pgMs / taken * 100) / 100.0);
        m.put("greenmail_cpu_ms_per_mail", taken == 0 ? 0 : Math.round(selfMs / taken * 100) / 100.0);
        m.put("outcomes", outcomes);
        m.put("outbox_at_end", acknowledgements);
        m.put("indexed", indexed);
        return m;
    }

    private static final String[] SUBJECTS_FR = {"Imprimante %d hors ligne", "VPN : connexion refusée (%d)", "Outlook ne démarre plus",
            "Mot de passe expiré pour le compte %d", "Wi-Fi instable au %de étage", "Erreur 0x80070005 sur le poste %d"};
    private static final String[] SUBJECTS_EN = {"Printer %d offline", "VPN refused (%d)", "Outlook will not start",
            "Password expired for account %d", "Wi-Fi drops on floor %d", "Error ORA-12541 on server %d"};

    static MimeMessage message(Session session, SplittableRandom r, int i, String to, List<String> senders,
                                       List<String[]> previous) throws Exception {
        var messageId = "<bench." + i + "." + System.nanoTime() + "@client.bench>";
        var m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        var fr = r.nextBoolean();
        // a reply: its sender answers one of their earlier messages (so it follows that ticket)
        var parent = !previous.isEmpty() && r.nextInt(10) < 2 ? previous.get(r.nextInt(previous.size())) : null;
        var known = !senders.isEmpty() && r.nextInt(10) < 8;
        // New senders are new to the database too, also when a run reuses one seeded earlier: the mailbox's
        // address (it carries the time) names them.
        var from = known ? senders.get(r.nextInt(senders.size()))
                : "user" + r.nextInt(2000) + "." + Integer.toHexString(to.hashCode()) + "@newcomer" + r.nextInt(50) + ".example";
        if (parent != null) {
            from = parent[1];
        }
        m.setFrom(new InternetAddress(from));
        m.addRecipient(RecipientType.TO, new InternetAddress(to));
        var subjects = fr ? SUBJECTS_FR : SUBJECTS_EN;
        var subject = String.format(subjects[r.nextInt(subjects.length)], r.nextInt(1000));
        if (parent != null) {
            m.setHeader("In-Reply-To", parent[0]);
            m.setHeader("References", parent[0]);
            subject = "Re: " + subject;
        }
        m.setSubject(subject, "UTF-8");
        var text = (fr ? "Bonjour,\n\nDepuis ce matin le problème persiste sur le poste " : "Hello,\n\nSince this morning the issue persists on device ")
                + r.nextInt(100_000) + ".\n" + (fr ? "Merci d'avance.\n\n-- \nLe demandeur" : "Thanks in advance.\n\n-- \nThe requester")
                + "\n\n> " + (fr ? "Message précédent" : "Previous message") + "\n> " + "x".repeat(r.nextInt(200));
        var kind = r.nextInt(10);
        if (kind < 6) {
            m.setText(text, "UTF-8");
        } else if (kind < 9) {
            var alt = new MimeMultipart("alternative");
            var plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            var html = new MimeBodyPart();
            html.setContent("<html><body><p>" + text.replace("\n", "<br>") + "</p><p style=\"color:#888\">"
                    + "<a href=\"https://intranet.example/help\">help</a></p></body></html>", "text/html; charset=utf-8");
            alt.addBodyPart(plain);
            alt.addBodyPart(html);
            m.setContent(alt);
        } else {
            var mixed = new MimeMultipart("mixed");
            var plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            var file = new MimeBodyPart();
            var bytes = new byte[2_000 + r.nextInt(30_000)];
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = (byte) r.nextInt(256);
            }
            file.setContent(bytes, "application/octet-stream");
            file.setFileName("capture-" + i + ".bin");
            mixed.addBodyPart(plain);
            mixed.addBodyPart(file);
            m.setContent(mixed);
        }
        m.saveChanges();
        previous.add(new String[] {messageId, from});
        return m;
    }
}
