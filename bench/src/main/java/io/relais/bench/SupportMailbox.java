package io.relais.bench;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The desk's sending mailbox while the load phases run, as a real desk has one: every ticket created
 * through the API composes an acknowledgement to its requester and every public reply a mail to the
 * customer, both written to the outbox in the request's transaction and delivered by Relais meanwhile
 * to an SMTP server (GreenMail, in the bench's JVM on the same two cores). Without it the creation
 * and reply phases would measure a desk that sends nothing. Earlier bench mailboxes are switched off
 * first (a mailbox left by a mail phase points at a server that is gone), and this one when the
 * phases are over.
 */
final class SupportMailbox implements AutoCloseable {
    private final String dbUrl;
    private final String dbUser;
    private final GreenMail smtp;
    private final long id;

    private SupportMailbox(String dbUrl, String dbUser, GreenMail smtp, long id) {
        this.dbUrl = dbUrl;
        this.dbUser = dbUser;
        this.smtp = smtp;
        this.id = id;
    }

    static SupportMailbox start(String dbUrl, String dbUser) throws Exception {
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        var smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        try (var db = DriverManager.getConnection(dbUrl, dbUser, "")) {
            db.createStatement().executeUpdate("update mailbox set active = false where name like 'Bench %' and active");
            long groupId;
            try (var rs = db.createStatement().executeQuery("select min(id) from agent_group")) {
                rs.next();
                groupId = rs.getLong(1);
            }
            var address = "support-" + System.currentTimeMillis() + "@bench.test";
            try (var st = db.prepareStatement("insert into mailbox (name, address, display_name, inbound_protocol, inbound_folder,"
                    + " poll_seconds, outbound_security, smtp_host, smtp_port, default_group_id, active, created_at)"
                    + " values (?, ?, 'Bench support', 'NONE', 'INBOX', 60, 'PLAIN', '127.0.0.1', ?, ?, true, now())",
                    new String[] {"id"})) {
                st.setString(1, "Bench support " + address);
                st.setString(2, address);
                st.setInt(3, smtp.getSmtp().getPort());
                st.setLong(4, groupId);
                st.executeUpdate();
                var keys = st.getGeneratedKeys();
                keys.next();
                System.err.printf("sending mailbox %s: the outbox delivers to SMTP 127.0.0.1:%d%n", address, smtp.getSmtp().getPort());
                return new SupportMailbox(dbUrl, dbUser, smtp, keys.getLong(1));
            }
        }
    }

    /** The mails this mailbox's outbox holds by state, and those the SMTP server received. */
    Map<String, Object> report() throws Exception {
        var m = new LinkedHashMap<String, Object>();
        try (var db = DriverManager.getConnection(dbUrl, dbUser, "");
             var rs = db.createStatement().executeQuery("select kind, state, count(*) from outbox where source_id = " + id
                     + " group by kind, state order by kind, state")) {
            while (rs.next()) {
                m.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT) + "_" + rs.getString(2).toLowerCase(java.util.Locale.ROOT),
                        rs.getLong(3));
            }
        }
        m.put("received_by_smtp", (long) smtp.getReceivedMessages().length);
        return m;
    }

    @Override
    public void close() throws Exception {
        try (var db = DriverManager.getConnection(dbUrl, dbUser, "")) {
            db.createStatement().executeUpdate("update mailbox set active = false where id = " + id);
        } finally {
            smtp.stop();
        }
    }
}
