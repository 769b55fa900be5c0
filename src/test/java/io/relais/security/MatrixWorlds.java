package io.relais.security;

import io.relais.Fixtures;
import io.relais.Fixtures.Tenant;
import io.relais.knowledge.CheckRecords.NodeForm;
import io.relais.knowledge.CheckRecords.NodeKind;
import io.relais.knowledge.CheckRecords.Outcome;
import io.relais.knowledge.CheckRecords.TreeForm;
import io.relais.knowledge.CheckRuns;
import io.relais.knowledge.CheckTreeEditor;
import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.knowledge.KbEditor;
import io.relais.knowledge.KbFiles;
import io.relais.problem.KnownErrors;
import io.relais.ticket.TicketCommands.NewLink;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.LinkKind;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketLinks;
import io.relais.ticket.TicketService;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The worlds of the route matrix: an organization ({@link Fixtures#tenant}) with one object of every kind a route
 * can name (ticket, article with its mail HTML, attachment, link, KB articles internal and public with two versions
 * and a file each, a guided-check run, a known error, the team's API token), their ids by name; and a snapshot of
 * everything of an organization a write could change, to prove that a refused write changed nothing.
 */
final class MatrixWorlds {
    static final long MISSING = 987_654_321L;
    private static final Actor SYSTEM = Actor.system("route matrix");

    /** The names that hold ids (replaced by {@link #MISSING} in the world of objects that do not exist). */
    static final Set<String> IDS = Set.of("ticket", "otherTicket", "number", "otherNumber", "attachment", "article", "link",
            "kb", "kbPublic", "kbFile", "kbPublicFile", "run", "knownError", "contact", "organization", "agent", "group",
            "token");

    /** Ids and words of one world, by name. */
    record World(String label, Tenant tenant, Map<String, String> values) {
        String get(String key) {
            var v = values.get(key);
            if (v == null) {
                throw new IllegalArgumentException("no value named " + key + " in world " + label);
            }
            return v;
        }

        long id(String key) {
            return Long.parseLong(get(key));
        }

        World with(String key, Object value) {
            var copy = new HashMap<>(values);
            copy.put(key, String.valueOf(value));
            return new World(label, tenant, Map.copyOf(copy));
        }

        /** The same requests, with every id replaced by one that names nothing. */
        World missing() {
            var copy = new HashMap<>(values);
            IDS.forEach(k -> copy.put(k, Long.toString(MISSING)));
            return new World("missing", null, Map.copyOf(copy));
        }
    }

    private final Fixtures fixtures;
    private final JdbcClient jdbc;
    private final TicketService tickets;
    private final TicketLinks ticketLinks;
    private final KbEditor kb;
    private final KbFiles kbFiles;
    private final CheckTreeEditor checks;
    private final CheckRuns runs;
    private final KnownErrors knownErrors;
    final long treeId;
    final long answerId;

    MatrixWorlds(Fixtures fixtures, JdbcClient jdbc, TicketService tickets, TicketLinks ticketLinks, KbEditor kb, KbFiles kbFiles, CheckTreeEditor checks,
                 CheckRuns runs, KnownErrors knownErrors) {
        this.fixtures = fixtures;
        this.jdbc = jdbc;
        this.tickets = tickets;
        this.ticketLinks = ticketLinks;
        this.kb = kb;
        this.kbFiles = kbFiles;
        this.checks = checks;
        this.runs = runs;
        this.knownErrors = knownErrors;
        // one check for everyone (checks are not any client's): a question whose answer "No" solves the ticket
        treeId = checks.createTree(SYSTEM, new TreeForm("Matrix check " + System.nanoTime(), "en", null, null, true));
        var question = checks.addNode(SYSTEM, treeId, new NodeForm(NodeKind.QUESTION, "Is it plugged in?", null, null, null,
                null), null);
        answerId = checks.addAnswer(SYSTEM, question, "No", null);
        checks.addNode(SYSTEM, treeId, new NodeForm(NodeKind.OUTCOME, "Plug it in", null, Outcome.SOLVED, null, null), answerId);
    }

    World world(String label) {
        var t = fixtures.tenant(label);
        var agent = t.agent().actor();
        var v = new HashMap<String, String>();
        v.put("ticket", Long.toString(t.ticketId()));
        v.put("otherTicket", Long.toString(t.otherTicketId()));
        v.put("number", Long.toString(number(t.ticketId())));
        v.put("otherNumber", Long.toString(number(t.otherTicketId())));
        v.put("attachment", Long.toString(t.publicAttachmentId()));
        v.put("article", Long.toString(t.publicArticleId()));
        // as if the reply had come by mail: it has a formatted version, which its own route serves
        jdbc.sql("update article set body_html = ? where id = ?").param("<p>Mail of " + t.secretWord() + "</p>")
                .param(t.publicArticleId()).update();
        v.put("link", Long.toString(ticketLinks.link(t.ticketId(), new NewLink(t.otherTicketId(), LinkKind.RELATED), agent)));
        v.put("kb", Long.toString(kbArticle(t, Visibility.INTERNAL)));
        v.put("kbPublic", Long.toString(kbArticle(t, Visibility.PUBLIC)));
        v.put("kbFile", Long.toString(kbFile(t, Long.parseLong(v.get("kb")))));
        v.put("kbPublicFile", Long.toString(kbFile(t, Long.parseLong(v.get("kbPublic")))));
        v.put("run", Long.toString(runs.start(agent, treeId, t.ticketId()).id()));
        var known = knownErrors.create(agent, new KnownErrors.Form("Known error " + t.secretWord(), "Symptom " + t.secretWord(),
                null, null, KnownErrors.Status.INVESTIGATING, t.organizationId()));
        knownErrors.link(agent, known.id(), t.ticketId());
        v.put("knownError", Long.toString(known.id()));
        v.put("contact", Long.toString(t.customer().id()));
        v.put("organization", Long.toString(t.organizationId()));
        v.put("agent", Long.toString(t.agent().id()));
        v.put("agentEmail", t.agent().login());
        v.put("group", Long.toString(t.groupId()));
        v.put("token", Long.toString(jdbc.sql("select min(id) from api_token where account_id = ?").param(t.agent().accountId())
                .query(Long.class).single()));
        v.put("version", "1");
        v.put("tree", Long.toString(treeId));
        v.put("answer", Long.toString(answerId));
        v.put("n", Long.toString(System.nanoTime(), 36));
        return new World(label, t, Map.copyOf(v));
    }

    // ---- fresh objects, for the owner's own requests that use theirs up (delete, merge, archive, revoke)

    World freshTickets(World w) {
        var t = w.tenant();
        var one = open(t, "Fresh one");
        var two = open(t, "Fresh two");
        return w.with("ticket", one.id()).with("number", one.number().value()).with("otherTicket", two.id())
                .with("otherNumber", two.number().value());
    }

    World freshLink(World w) {
        var fresh = freshTickets(w);
        return fresh.with("link", ticketLinks.link(fresh.id("ticket"), new NewLink(fresh.id("otherTicket"), LinkKind.RELATED),
                w.tenant().agent().actor()));
    }

    World freshRun(World w) {
        var fresh = freshTickets(w);
        return fresh.with("run", runs.start(w.tenant().agent().actor(), treeId, fresh.id("ticket")).id());
    }

    World finishedRun(World w) {
        var fresh = freshRun(w);
        runs.answer(w.tenant().agent().actor(), fresh.id("run"), answerId);
        return fresh;
    }

    World freshKb(World w) {
        return w.with("kb", kbArticle(w.tenant(), Visibility.INTERNAL));
    }

    World freshToken(World w, ApiTokens tokens) {
        return w.with("token", tokens.create(w.tenant().agent().actor(), "to revoke").id());
    }

    private TicketService.Opened open(Tenant t, String subject) {
        return tickets.open(new NewTicket(subject + " " + t.secretWord(), "Fresh", t.customer().id(), null, Impact.USER,
                Urgency.LOW, Channel.PHONE, t.groupId(), null, List.of()), t.agent().actor());
    }

    private long number(long ticketId) {
        return jdbc.sql("select number from ticket where id = ?").param(ticketId).query(Long.class).single();
    }

    private long kbArticle(Tenant t, Visibility visibility) {
        var agent = t.agent().actor();
        var first = kb.create(agent, new ArticleForm("en", Kind.PROCEDURE, null, visibility + " procedure " + t.secretWord(),
                "First text of " + t.secretWord(), "", visibility, Set.of(t.organizationId()), null, Set.of(t.ticketId()), null,
                null));
        return kb.update(agent, first.id(), new ArticleForm("en", Kind.PROCEDURE, null, visibility + " procedure " + t.secretWord(),
                "Second text of " + t.secretWord(), "", visibility, Set.of(t.organizationId()), null, Set.of(t.ticketId()),
                "second", first.version())).id();
    }

    private long kbFile(Tenant t, long article) {
        return kbFiles.attach(t.agent().actor(), article, new Upload("kb-" + t.secretWord() + ".txt", "text/plain",
                ("file of " + t.secretWord()).getBytes(StandardCharsets.UTF_8))).id();
    }

    // ---- the snapshot

    /**
     * Everything of the world's organization a route could write: its tickets (their fields, not the clocks the SLA job
     * keeps), conversation, attachments, links, timeline, participants, KB articles with versions, feedback, files and
     * uses, check runs and their steps, known errors and their tickets, contacts, the organization, its team, and the
     * accounts and tokens of its people. Columns that jobs write on their own (mail delivery, SLA due times, last use of
     * a token, last sign-in) are left out, and so is the timeline entry of a mail that could not be delivered.
     */
    String snapshot(World w) {
        return snapshot(jdbc, w.tenant());
    }

    static String snapshot(JdbcClient jdbc, Tenant tenant) {
        long org = tenant.organizationId();
        var tickets = "(select id from ticket where organization_id = :org)";
        var contacts = "(select id from contact where organization_id = :org)";
        var articles = "(select article_id from kb_article_org where organization_id = :org)";
        var agents = "(select agent_id from group_member where group_id = :group)";
        var queries = new TreeMap<String, String>();
        queries.put("ticket", "select id, number, subject, description, requester_id, organization_id, category_id, impact,"
                + " urgency, priority, channel, status, group_id, assignee_id, support_level, tags, merged_into_id, resolved_at,"
                + " closed_at, follow_up_id, customer_urgency from ticket where organization_id = :org order by id");
        queries.put("article", "select id, ticket_id, kind, internal, author_agent_id, author_contact_id, body, body_html"
                + " from article where ticket_id in " + tickets + " order by id");
        queries.put("attachment", "select id, ticket_id, article_id, sha256, filename from attachment where ticket_id in "
                + tickets + " order by id");
        queries.put("link", "select id, source_id, target_id, kind from ticket_link where source_id in " + tickets
                + " or target_id in " + tickets + " order by id");
        queries.put("timeline", "select id, ticket_id, change, old_value, new_value from timeline_entry where ticket_id in "
                + tickets + " and change <> 'MAIL_FAILED' order by id");
        queries.put("participant", "select * from ticket_participant where ticket_id in " + tickets);
        queries.put("kb", "select id, title, body, tags, visibility, restricted, archived, version from kb_article where id in "
                + articles + " order by id");
        queries.put("kb_org", "select * from kb_article_org where article_id in " + articles
                + " or organization_id = :org order by article_id, organization_id");
        queries.put("kb_version", "select article_id, version, title, body from kb_version where article_id in " + articles
                + " order by article_id, version");
        queries.put("kb_feedback", "select article_id, agent_id, verdict, comment from kb_feedback where article_id in "
                + articles + " order by article_id, agent_id");
        queries.put("kb_file", "select id, article_id, filename from kb_file where article_id in " + articles + " order by id");
        queries.put("kb_use", "select ticket_id, article_id from kb_use where ticket_id in " + tickets + " or article_id in "
                + articles + " order by ticket_id, article_id");
        queries.put("kb_source", "select * from kb_source where ticket_id in " + tickets + " or article_id in " + articles);
        queries.put("check_run", "select id, tree_id, ticket_id, current_node_id, finished_at, outcome, applied from check_run"
                + " where ticket_id in " + tickets + " order by id");
        queries.put("check_step", "select run_id, seq, answer_label from check_step where run_id in (select id from check_run"
                + " where ticket_id in " + tickets + ") order by run_id, seq");
        queries.put("known_error", "select id, title, symptom, cause, workaround, status, organization_id, ticket_count"
                + " from known_error where organization_id = :org order by id");
        queries.put("known_error_ticket", "select known_error_id, ticket_id from known_error_ticket where ticket_id in "
                + tickets + " or known_error_id in (select id from known_error where organization_id = :org)"
                + " order by known_error_id, ticket_id");
        queries.put("contact", "select id, organization_id, name, email, phone, language, vip, org_manager from contact"
                + " where organization_id = :org order by id");
        queries.put("contact_address", "select * from contact_address where contact_id in " + contacts);
        queries.put("contact_history", "select count(*) from contact_history where contact_id in " + contacts);
        queries.put("organization", "select id, name, domains, contract_ref, time_zone, language, active from organization"
                + " where id = :org");
        queries.put("group", "select * from agent_group where id = :group");
        queries.put("group_organization", "select * from group_organization where organization_id = :org or group_id = :group"
                + " order by group_id, organization_id");
        queries.put("group_member", "select * from group_member where group_id = :group order by agent_id");
        queries.put("agent", "select id, name, email, role, active from agent where id in " + agents + " order by id");
        queries.put("account", "select id, login, password_hash, agent_id, contact_id, active from account where contact_id in "
                + contacts + " or agent_id in " + agents + " order by id");
        queries.put("api_token", "select id, account_id, name, revoked_at from api_token where account_id in (select id from"
                + " account where contact_id in " + contacts + " or agent_id in " + agents + ") order by id");
        var out = new StringBuilder();
        queries.forEach((name, sql) -> {
            var rows = jdbc.sql(sql).param("org", org).param("group", tenant.groupId()).query().listOfRows();
            out.append(name).append(": ").append(rows.stream().map(MatrixWorlds::row).sorted().collect(Collectors.joining("; "))).append('\n');
        });
        return out.toString();
    }

    private static String row(Map<String, Object> row) {
        return new TreeMap<>(row).entrySet().stream()
                .map(e -> e.getKey().toLowerCase() + "=" + (e.getValue() instanceof byte[] b ? "#" + Arrays.hashCode(b) : e.getValue()))
                .collect(Collectors.joining(","));
    }
}
