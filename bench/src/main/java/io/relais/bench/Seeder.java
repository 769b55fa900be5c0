package io.relais.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Fills an empty Relais schema (migrated by Relais itself) with a deterministic desk: ticket i is
 * always the same. 20 organizations, 600 requesters, 3 groups (Support-FR 40 %, Support-EN 40 %,
 * Infrastructure 20 %), 8 categories, statuses 35 % new / 30 % open / 35 % resolved, 20 % of the
 * tickets with one agent reply, created over the two years before 2026-11-01. Bulk path: COPY.
 *
 * <p>Usage: {@code Seeder --url jdbc:postgresql://... --user postgres --tickets 100000 --token-file F}
 */
public final class Seeder {
    static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(730);
    static final int ORGANIZATIONS = 20;
    static final int REQUESTERS_PER_ORG = 30;
    static final int AGENTS_PER_GROUP = 4;
    static final String[] GROUPS = {"Support-FR", "Support-EN", "Infrastructure"};
    static final String[][] MATRIX = {{"P1", "P2", "P3"}, {"P2", "P3", "P4"}, {"P3", "P4", "P4"}};
    static final String[] IMPACTS = {"ORGANIZATION", "DEPARTMENT", "USER"};
    static final String[] URGENCIES = {"HIGH", "MEDIUM", "LOW"};

    private Seeder() {}

    /** What ticket i is made of, drawn from its own random stream (the texts come from a second one). */
    record Meta(long id, int group, int org, long requester, long assignee, int category, String status, boolean replied,
                Instant created, Instant replyAt, Instant updated, int impact, int urgency) {

        static Meta of(long i, long firstContact, long firstAgent, long firstCategory) {
            var r = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
            int g = r.nextInt(100);
            int group = g < 40 ? 0 : g < 80 ? 1 : 2;
            int org = r.nextInt(ORGANIZATIONS);
            long requester = firstContact + (long) org * REQUESTERS_PER_ORG + r.nextInt(REQUESTERS_PER_ORG);
            int category = group == 2 ? (r.nextBoolean() ? 5 : 6) : r.nextInt(8);
            int s = r.nextInt(100);
            var status = s < 35 ? "NEW" : s < 65 ? "OPEN" : "RESOLVED";
            boolean replied = !status.equals("NEW") && r.nextInt(100) < 31;
            // A moment of the two years, drawn from ticket i's own stream: the same whatever the total.
            var created = END.minus(SPAN).plusSeconds(r.nextLong(SPAN.toSeconds() - 4 * 86_400));
            var replyAt = created.plusSeconds(600 + r.nextInt(86_400));
            var updated = status.equals("NEW") ? created : replyAt.plusSeconds(r.nextInt(172_800));
            long assignee = status.equals("NEW") ? 0 : firstAgent + (long) group * AGENTS_PER_GROUP + r.nextInt(AGENTS_PER_GROUP);
            return new Meta(i, group, org, requester, assignee, (int) (firstCategory + category), status, replied, created,
                    replyAt, updated, r.nextInt(3), r.nextInt(3));
        }

        boolean french() {
            return group == 0 || (group == 2 && id % 2 == 0);
        }
    }

    public static void main(String[] args) throws Exception {
        var url = arg(args, "--url", "jdbc:postgresql://127.0.0.1:5432/relais_bench");
        var user = arg(args, "--user", "postgres");
        var tickets = Long.parseLong(arg(args, "--tickets", "100000"));
        var tokenFile = Path.of(arg(args, "--token-file", "bench/results/tmp/token"));
        var started = System.nanoTime();
        try (var c = DriverManager.getConnection(url, user, arg(args, "--password", ""))) {
            c.setAutoCommit(false);
            try (var st = c.createStatement(); var rs = st.executeQuery("select count(*) from ticket")) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    throw new IllegalStateException("the ticket table is not empty: seed an empty schema");
                }
            }
            var ids = reference(c, tokenFile);
            slaRules(c, ids);
            c.commit();
            copyTickets(c, tickets, ids);
            copyArticles(c, tickets, ids);
            copyTimeline(c, tickets, ids);
            try (var st = c.createStatement()) {
                st.execute("select setval(pg_get_serial_sequence('ticket', 'id'), (select max(id) from ticket))");
                st.execute("select setval(pg_get_serial_sequence('article', 'id'), greatest(1, (select coalesce(max(id), 1) from article)))");
                st.execute("select setval(pg_get_serial_sequence('timeline_entry', 'id'), (select max(id) from timeline_entry))");
                st.execute("select setval('ticket_number_seq', (select max(number) from ticket) + 1)");
            }
            c.commit();
            c.setAutoCommit(true);
            try (var st = c.createStatement()) {
                st.execute("vacuum analyze");
                // Writes the bulk load's pages now: otherwise the checkpoint that follows it runs during the first
                // phases and its cost lands in their PostgreSQL CPU figures.
                st.execute("checkpoint");
            }
        }
        System.out.printf("{\"seeded_tickets\": %d, \"seconds\": %.1f}%n", tickets, (System.nanoTime() - started) / 1e9);
    }

    record Ids(long firstContact, long firstAgent, long firstCategory, long firstGroup, long firstOrg) {}

    private static Ids reference(Connection c, Path tokenFile) throws SQLException, IOException {
        var now = "'" + END + "'";
        long firstOrg = 0;
        try (var st = c.createStatement()) {
            for (int o = 0; o < ORGANIZATIONS; o++) {
                try (var rs = st.executeQuery("insert into organization (name, domains, contract_ref, time_zone, country, language, created_at) values ('"
                        + "Client " + (o + 1) + "', 'client" + (o + 1) + ".example', 'CTR-" + (1000 + o) + "', 'Europe/Paris', 'FR', '"
                        + (o % 2 == 0 ? "fr" : "en") + "', " + now + ") returning id")) {
                    rs.next();
                    if (o == 0) {
                        firstOrg = rs.getLong(1);
                    }
                }
            }
            long firstGroup = 0;
            for (int g = 0; g < GROUPS.length; g++) {
                try (var rs = st.executeQuery("insert into agent_group (name, support_level, all_organizations) values ('"
                        + GROUPS[g] + "', '" + (g == 2 ? "SPECIALIST" : "L1") + "', true) returning id")) {
                    rs.next();
                    if (g == 0) {
                        firstGroup = rs.getLong(1);
                    }
                }
            }
            long firstAgent = 0;
            for (int g = 0; g < GROUPS.length; g++) {
                for (int a = 0; a < AGENTS_PER_GROUP; a++) {
                    try (var rs = st.executeQuery("insert into agent (name, email, role, created_at) values ('Agent " + GROUPS[g]
                            + " " + (a + 1) + "', 'agent" + g + "-" + a + "@bench.example', 'AGENT', " + now + ") returning id")) {
                        rs.next();
                        var id = rs.getLong(1);
                        if (g == 0 && a == 0) {
                            firstAgent = id;
                        }
                        st.execute("insert into group_member (group_id, agent_id) values (" + (firstGroup + g) + ", " + id + ")");
                    }
                }
            }
            // The load driver's identity: an administrator with an API token (no usable password).
            long benchAgent;
            try (var rs = st.executeQuery("insert into agent (name, email, role, created_at) values ('Bench driver', "
                    + "'bench@bench.example', 'ADMIN', " + now + ") returning id")) {
                rs.next();
                benchAgent = rs.getLong(1);
            }
            long account;
            try (var rs = st.executeQuery("insert into account (login, password_hash, agent_id, created_at) values "
                    + "('bench@bench.example', '{bcrypt}unusable', " + benchAgent + ", " + now + ") returning id")) {
                rs.next();
                account = rs.getLong(1);
            }
            var bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            var secret = "rls_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            var hash = HexFormat.of().formatHex(sha256(secret));
            st.execute("insert into api_token (account_id, name, token_hash, prefix, created_at) values (" + account
                    + ", 'bench', '" + hash + "', '" + secret.substring(0, 10) + "', " + now + ")");
            Files.createDirectories(tokenFile.toAbsolutePath().getParent());
            Files.writeString(tokenFile, secret);

            st.execute("update ticket_category set active = false");
            long firstCategory = 0;
            for (int k = 0; k < 8; k++) {
                try (var rs = st.executeQuery("insert into ticket_category (name_en, name_fr, position) values ('"
                        + Texts.CATEGORIES_EN[k].replace("'", "''") + "', '" + Texts.CATEGORIES_FR[k].replace("'", "''") + "', "
                        + (10 + k) + ") returning id")) {
                    rs.next();
                    if (k == 0) {
                        firstCategory = rs.getLong(1);
                    }
                }
            }
            long firstContact = 0;
            for (int o = 0; o < ORGANIZATIONS; o++) {
                for (int p = 0; p < REQUESTERS_PER_ORG; p++) {
                    var n = o * REQUESTERS_PER_ORG + p;
                    try (var rs = st.executeQuery("insert into contact (organization_id, name, email, phone, phone_digits, phone_region, language, created_at) values ("
                            + (firstOrg + o) + ", 'Requester " + (n + 1) + "', 'user" + (n + 1) + "@client" + (o + 1) + ".example', '+33 1 00 "
                            + String.format("%06d", n) + "', '33100" + String.format("%06d", n) + "', 'FR', '" + (o % 2 == 0 ? "fr" : "en") + "', "
                            + now + ") returning id")) {
                        rs.next();
                        if (n == 0) {
                            firstContact = rs.getLong(1);
                        }
                    }
                }
            }
            return new Ids(firstContact, firstAgent, firstCategory, firstGroup, firstOrg);
        }
    }

    private static void copyTickets(Connection c, long tickets, Ids ids) throws SQLException {
        var copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy ticket (id, number, subject, description, requester_id, "
                + "organization_id, category_id, impact, urgency, priority, channel, status, group_id, assignee_id, support_level, "
                + "tags, created_at, updated_at, first_response_at, resolved_at, closed_at, version, sla_due_at, sla_warn_at) "
                + "from stdin (format csv)");
        var sb = new StringBuilder(1 << 20);
        for (long i = 1; i <= tickets; i++) {
            var m = Meta.of(i, ids.firstContact(), ids.firstAgent(), ids.firstCategory());
            var t = new SplittableRandom(i * 31 + 7);
            var category = (int) (m.category() - ids.firstCategory());
            sb.append(i).append(',').append(1000 + i).append(',');
            csv(sb, Texts.subject(t, category, m.french())).append(',');
            csv(sb, Texts.body(t, m.french(), "Requester " + (m.requester() - ids.firstContact() + 1))).append(',');
            sb.append(m.requester()).append(',').append(ids.firstOrg() + m.org()).append(',').append(m.category()).append(',')
                    .append(IMPACTS[m.impact()]).append(',').append(URGENCIES[m.urgency()]).append(',')
                    .append(MATRIX[m.impact()][m.urgency()]).append(',').append(i % 5 == 0 ? "PHONE" : "EMAIL").append(',')
                    .append(m.status()).append(',').append(ids.firstGroup() + m.group()).append(',')
                    .append(m.assignee() == 0 ? "" : Long.toString(m.assignee())).append(',')
                    .append(m.group() == 2 ? "SPECIALIST" : "L1").append(",\"\",")
                    .append(m.created()).append(',').append(m.updated()).append(',')
                    .append(m.replied() ? m.replyAt().toString() : "").append(',')
                    .append(m.status().equals("RESOLVED") ? m.updated().toString() : "").append(",,")
                    .append(version(m)).append(',');
            dueColumns(sb, m).append('\n');
            if (sb.length() > (1 << 20) - 4096) {
                flush(copy, sb);
            }
        }
        flush(copy, sb);
        copy.endCopy();
    }

    private static void copyArticles(Connection c, long tickets, Ids ids) throws SQLException {
        var copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy article (id, ticket_id, kind, internal, author_agent_id, "
                + "author_name, body, created_at) from stdin (format csv)");
        var sb = new StringBuilder(1 << 20);
        for (long i = 1; i <= tickets; i++) {
            var m = Meta.of(i, ids.firstContact(), ids.firstAgent(), ids.firstCategory());
            if (!m.replied()) {
                continue;
            }
            var t = new SplittableRandom(i * 131 + 3);
            sb.append(i).append(',').append(i).append(",REPLY,false,").append(m.assignee()).append(",\"Agent\",");
            csv(sb, Texts.reply(t, m.french())).append(',').append(m.replyAt()).append('\n');
            if (sb.length() > (1 << 20) - 4096) {
                flush(copy, sb);
            }
        }
        flush(copy, sb);
        copy.endCopy();
    }

    private static void copyTimeline(Connection c, long tickets, Ids ids) throws SQLException {
        var copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy timeline_entry (ticket_id, ticket_version, at, "
                + "actor_kind, actor_id, actor_name, change, old_value, new_value, article_id) from stdin (format csv)");
        var sb = new StringBuilder(1 << 20);
        for (long i = 1; i <= tickets; i++) {
            var m = Meta.of(i, ids.firstContact(), ids.firstAgent(), ids.firstCategory());
            sb.append(i).append(",0,").append(m.created()).append(",SYSTEM,,Intake,CREATED,,").append(1000 + i).append(",\n");
            if (!m.status().equals("NEW")) {
                sb.append(i).append(",1,").append(m.replyAt()).append(",AGENT,").append(m.assignee()).append(",Agent,ASSIGNEE,,")
                        .append(m.assignee()).append(",\n");
                if (m.replied()) {
                    sb.append(i).append(",1,").append(m.replyAt()).append(",AGENT,").append(m.assignee()).append(",Agent,REPLY_ADDED,,,")
                            .append(i).append('\n');
                }
                sb.append(i).append(",1,").append(m.replyAt()).append(",AGENT,").append(m.assignee()).append(",Agent,STATUS,NEW,OPEN,\n");
                if (m.status().equals("RESOLVED")) {
                    sb.append(i).append(",2,").append(m.updated()).append(",AGENT,").append(m.assignee())
                            .append(",Agent,STATUS,OPEN,RESOLVED,\n");
                }
            }
            if (sb.length() > (1 << 20) - 4096) {
                flush(copy, sb);
            }
        }
        flush(copy, sb);
        copy.endCopy();
    }

    private static int version(Meta m) {
        return switch (m.status()) {
            case "NEW" -> 0;
            case "OPEN" -> 1;
            default -> 2;
        };
    }

    // ---- service levels

    /** Targets in minutes per priority P1..P4: first response, next update (0: none), resolution (as the demo's). */
    static final int[][] TARGETS = {{30, 60, 240}, {60, 240, 480}, {240, 480, 1320}, {480, 0, 2640}};

    /**
     * The SLA rules of the desk: a Paris office calendar (Monday to Friday 08:00–12:30 and 13:30–19:00, seven
     * yearly French holidays) for the even-numbered clients, 24/7 for the others, and one policy per priority
     * for every client (valid from before the first ticket), pending the customer pausing resolution and next update.
     */
    private static void slaRules(Connection c, Ids ids) throws SQLException {
        try (var st = c.createStatement()) {
            long calendar;
            var day = "08:00-12:30,13:30-19:00";
            try (var rs = st.executeQuery("insert into sla_calendar (name, zone, hours, builtin, updated_at) values ('Bench office', "
                    + "'Europe/Paris', 'MONDAY=" + day + ";TUESDAY=" + day + ";WEDNESDAY=" + day + ";THURSDAY=" + day + ";FRIDAY=" + day
                    + "', false, '" + END + "') returning id")) {
                rs.next();
                calendar = rs.getLong(1);
            }
            String[][] holidays = {{"01-01", "Jour de l''an"}, {"05-01", "Fête du Travail"}, {"05-08", "Victoire 1945"},
                    {"07-14", "Fête nationale"}, {"08-15", "Assomption"}, {"11-11", "Armistice"}, {"12-25", "Noël"}};
            for (var h : holidays) {
                st.execute("insert into sla_calendar_day (calendar_id, kind, date_from, date_to, yearly, name) values (" + calendar
                        + ", 'HOLIDAY', '2024-" + h[0] + "', '2024-" + h[0] + "', true, '" + h[1] + "')");
            }
            for (int o = 0; o < ORGANIZATIONS; o += 2) {
                st.execute("insert into sla_organization (organization_id, calendar_id) values (" + (ids.firstOrg() + o) + ", " + calendar + ")");
            }
            var from = END.minus(SPAN).minus(Duration.ofDays(1));
            for (int p = 0; p < 4; p++) {
                var t = TARGETS[p];
                st.execute("insert into sla_policy (policy_id, version, valid_from, kind, position, name, priorities,"
                        + " first_response_minutes, next_update_minutes, resolution_minutes, pauses, warn_percent) values ("
                        + (p + 1) + ", 1, '" + from + "', 'CUSTOMER', " + (p + 1) + ", 'Bench P" + (p + 1) + "', 'P" + (p + 1) + "', "
                        + t[0] + ", " + (t[1] == 0 ? "null" : t[1]) + ", " + t[2]
                        + ", 'NEXT_UPDATE:PENDING_CUSTOMER,RESOLUTION:PENDING_CUSTOMER', 75)");
            }
            st.execute("update sla_revision set revision = revision + 1 where id = 1");
        }
    }

    /**
     * The queue's sort key for an open ticket: its nearest due instant and warning instant, counted here in
     * wall-clock time from its creation (the first response's, or the resolution's once answered). For the
     * clients on the office calendar that is earlier than the business-hours instant the clocks compute; the
     * {@code sla_recompute} phase rewrites them from the timelines. Resolved tickets have none.
     */
    private static StringBuilder dueColumns(StringBuilder sb, Meta m) {
        if (m.status().equals("RESOLVED")) {
            return sb.append(',');
        }
        var p = MATRIX[m.impact()][m.urgency()].charAt(1) - '1';
        var minutes = m.replied() ? TARGETS[p][2] : TARGETS[p][0];
        return sb.append(m.created().plusSeconds(60L * minutes)).append(',').append(m.created().plusSeconds(45L * minutes));
    }

    private static StringBuilder csv(StringBuilder sb, String value) {
        return sb.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    private static void flush(CopyIn copy, StringBuilder sb) throws SQLException {
        var bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        sb.setLength(0);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
