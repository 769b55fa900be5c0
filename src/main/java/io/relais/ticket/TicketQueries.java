package io.relais.ticket;

import io.relais.common.Letters;
import io.relais.common.NotFoundException;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.security.Actor;
import io.relais.ticket.QueueQuery.Sort;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketViews.ArticleView;
import io.relais.ticket.TicketViews.AttachmentContent;
import io.relais.ticket.TicketViews.AttachmentView;
import io.relais.ticket.TicketViews.LinkView;
import io.relais.ticket.TicketViews.Page;
import io.relais.ticket.TicketViews.QuotedMessage;
import io.relais.ticket.TicketViews.Person;
import io.relais.ticket.TicketViews.Ref;
import io.relais.ticket.TicketViews.TicketRow;
import io.relais.ticket.TicketViews.TicketView;
import io.relais.ticket.TicketViews.TimelineView;
import io.relais.ticket.internal.Attachment;
import io.relais.ticket.internal.AttachmentStorage;
import io.relais.ticket.internal.Ticket;
import io.relais.ticket.internal.TicketLink;
import io.relais.ticket.internal.TicketStore;
import io.relais.ticket.internal.TimelineEntry;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import io.relais.security.Scope;
import io.relais.ticket.TicketEnums.ArticleKind;
import io.relais.ticket.TicketEnums.AttachmentRole;
import io.relais.ticket.TicketViews.ArticleMail;
import io.relais.ticket.TicketViews.MailThread;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads of tickets for pages and the API, always within the actor's scope. */
@Service
public class TicketQueries {
    /** Sidebar counts stop here: "999+" is as useful as an exact 250,000 and costs far less. */
    public static final int COUNT_CAP = 1000;

    private final TicketStore store;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final AttachmentStorage storage;
    private final JdbcClient jdbc;
    private final Clock clock;

    TicketQueries(TicketStore store, Directory directory, AgentsAndGroups agentsAndGroups, AttachmentStorage storage,
                  JdbcClient jdbc, Clock clock) {
        this.store = store;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.storage = storage;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<TicketView> ticket(Actor actor, long id) {
        return view(actor, "t.id = :key", id);
    }

    @Transactional(readOnly = true)
    public Optional<TicketView> ticketByNumber(Actor actor, long number) {
        return view(actor, "t.number = :key", number);
    }

    /** The ticket and its last {@code limit} timeline entries: two queries, whatever the ticket. */
    @Transactional(readOnly = true)
    public Optional<TicketWithTimeline> ticketWithTimeline(Actor actor, long id, int limit) {
        // Customers do not see every kind of entry: read further back so that they still get up to `limit`.
        var read = actor.isAgent() ? limit : limit * 3;
        return ticket(actor, id).map(t -> new TicketWithTimeline(t, store.timelineTail(actor.scope(), id, read).stream()
                .map(TicketQueries::view).filter(e -> actor.isAgent() || e.change().visibleToCustomer())
                .toList()).last(limit));
    }

    /** A ticket with its most recent timeline entries, what a client shows first. */
    public record TicketWithTimeline(TicketView ticket, List<TimelineView> recentTimeline) {
        TicketWithTimeline last(int limit) {
            var n = recentTimeline.size();
            return n <= limit ? this : new TicketWithTimeline(ticket, recentTimeline.subList(n - limit, n));
        }
    }

    public TicketView require(Actor actor, long id) {
        return ticket(actor, id).orElseThrow(() -> new NotFoundException("ticket", id));
    }

    /** Replies, call logs and (for agents) internal notes, oldest first, with their attachments. */
    @Transactional(readOnly = true)
    public List<ArticleView> conversation(Actor actor, long ticketId) {
        requireVisible(actor, ticketId);
        var files = store.attachments(actor.scope(), ticketId, actor.isAgent()).stream()
                .filter(a -> a.articleId() != null)
                .collect(Collectors.groupingBy(Attachment::articleId));
        return store.articles(actor.scope(), ticketId, actor.isAgent()).stream()
                .map(a -> {
                    var own = files.getOrDefault(a.id(), List.of());
                    var raw = own.stream().filter(f -> f.role() == AttachmentRole.RAW).map(Attachment::id).findFirst().orElse(null);
                    return new ArticleView(a.id(), a.kind(), a.internal(), a.authorName(), a.authorAgentId() != null,
                            a.body(), a.callDirection(), a.callNumber(), a.callSeconds(), a.createdAt(),
                            own.stream().filter(f -> f.role() == AttachmentRole.FILE).map(TicketQueries::view).toList(),
                            a.origin(), a.bodyHtml() != null && !a.bodyHtml().isBlank(), a.mailFrom(), a.mailTo(),
                            a.mailCc(), a.automatic(), a.deliveryState(), a.deliveryDetail(), raw);
                })
                .toList();
    }

    /**
     * The sanitised HTML of a mail article, its inline images pointing at their attachment URLs.
     * Served on its own with a sandboxing CSP; never inserted into a page.
     */
    @Transactional(readOnly = true)
    public Optional<String> articleHtml(Actor actor, long ticketId, long articleId) {
        var article = store.article(actor.scope(), articleId)
                .filter(a -> a.ticketId() == ticketId && (actor.isAgent() || !a.internal())).orElse(null);
        if (article == null || article.bodyHtml() == null) {
            return Optional.empty();
        }
        var images = new java.util.HashMap<String, Long>();
        for (var f : store.attachments(actor.scope(), ticketId, actor.isAgent())) {
            if (f.role() == AttachmentRole.INLINE && f.contentId() != null && Long.valueOf(articleId).equals(f.articleId())) {
                images.put(f.contentId(), f.id());
            }
        }
        var doc = org.jsoup.Jsoup.parseBodyFragment(article.bodyHtml());
        for (var img : doc.select("img[src]")) {
            var src = img.attr("src");
            var id = src.regionMatches(true, 0, "cid:", 0, 4) ? images.get(src.substring(4)) : null;
            if (id != null) {
                img.attr("src", "/tickets/" + ticketId + "/attachments/" + id + "?inline=true");
            } else {
                img.removeAttr("src");
            }
        }
        var html = doc.body().html();
        return Optional.of(html);
    }

    /** For the mail module, inside the transaction of the change: who writes to whom on this ticket. */
    @Transactional(readOnly = true)
    public Optional<MailThread> mailThread(long ticketId) {
        return store.ticket(Scope.everything(), ticketId).map(t -> new MailThread(t.id(), t.number(), t.subject(),
                t.status(), t.organizationId(), t.assigneeId(), t.requesterId(), store.participants(Scope.everything(), t.id()),
                store.messageIds(Scope.everything(), t.id())));
    }

    /** For the mail module: the public messages before this one, newest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<QuotedMessage> history(long ticketId, long beforeArticleId, int limit) {
        var earlier = store.articles(Scope.everything(), ticketId, false).stream()
                .filter(a -> a.id() < beforeArticleId && a.kind() != ArticleKind.NOTE).toList();
        var out = new java.util.ArrayList<QuotedMessage>();
        for (int i = earlier.size() - 1; i >= 0 && out.size() < limit; i--) {
            var a = earlier.get(i);
            out.add(new QuotedMessage(a.authorName(), a.createdAt(), a.body()));
        }
        return out;
    }

    /** For the mail module: who the ticket is assigned to (from the persistence context inside a change). */
    @Transactional(readOnly = true)
    public Optional<Long> assigneeOf(long ticketId) {
        return store.ticket(Scope.everything(), ticketId).map(Ticket::assigneeId);
    }

    /** For the mail module: an article with the content of its files (not its inline images or raw source). */
    @Transactional(readOnly = true)
    public Optional<ArticleMail> articleMail(long articleId) {
        return store.article(Scope.everything(), articleId).map(a -> new ArticleMail(a.id(), a.ticketId(), a.kind(), a.internal(),
                a.authorName(), a.authorAgentId(), a.authorContactId(), a.body(), a.origin(), a.automatic(),
                store.attachments(Scope.everything(), a.ticketId(), true).stream()
                        .filter(f -> Long.valueOf(a.id()).equals(f.articleId()) && f.role() == AttachmentRole.FILE)
                        .map(f -> new AttachmentContent(view(f), storage.load(f.sha256()))).toList()));
    }

    /**
     * The ticket's fields and its timeline entries after {@code afterEntryId} (0: all of them), for the
     * SLA clocks; empty when the actor may not see the ticket, or when it was imported from a mail archive.
     */
    @Transactional(readOnly = true)
    public Optional<TicketViews.SlaSource> slaSource(Actor actor, long ticketId, long afterEntryId) {
        // an imported ticket's history predates Relais: it has no clocks
        return store.ticket(actor.scope(), ticketId).filter(t -> !t.imported()).map(t -> new TicketViews.SlaSource(t.id(), t.organizationId(),
                t.channel(), t.priority(), t.categoryId(), t.groupId(), t.status(), t.createdAt(),
                store.timelineAfter(actor.scope(), ticketId, afterEntryId).stream()
                        .map(e -> new TicketViews.TimelineFact(e.id(), e.at(), e.actorKind(), e.change(), e.oldValue(),
                                e.newValue())).toList()));
    }

    @Transactional(readOnly = true)
    public List<TimelineView> timeline(Actor actor, long ticketId) {
        requireVisible(actor, ticketId);
        var entries = store.timeline(actor.scope(), ticketId).stream().map(TicketQueries::view);
        if (actor.isAgent()) {
            return entries.toList();
        }
        return entries.filter(e -> e.change().visibleToCustomer()).toList();
    }

    @Transactional(readOnly = true)
    public List<LinkView> links(Actor actor, long ticketId) {
        requireVisible(actor, ticketId);
        return store.links(actor.scope(), ticketId).stream().map(row -> {
            var link = (TicketLink) row[0];
            var other = (Ticket) row[1];
            return new LinkView(link.id(), link.kind(), link.sourceId() == ticketId, other.id(), other.number(),
                    other.subject(), other.status());
        }).toList();
    }

    @Transactional(readOnly = true)
    public List<AttachmentView> attachments(Actor actor, long ticketId) {
        requireVisible(actor, ticketId);
        return store.attachments(actor.scope(), ticketId, actor.isAgent()).stream().map(TicketQueries::view).toList();
    }

    @Transactional(readOnly = true)
    public AttachmentContent attachment(Actor actor, long ticketId, long attachmentId) {
        var a = store.attachment(actor.scope(), ticketId, attachmentId, actor.isAgent())
                .orElseThrow(() -> new NotFoundException("attachment", attachmentId));
        return new AttachmentContent(view(a), storage.load(a.sha256()));
    }

    /** One page of a queue: one SQL round trip, keyset pagination on (sort key, id), never OFFSET. */
    @Transactional(readOnly = true)
    public Page<TicketRow> queue(Actor actor, QueueQuery q) {
        var where = new ArrayList<String>();
        var params = new HashMap<String, Object>();
        filter(actor, q, where, params);
        if (q.sort() == Sort.DUE_ASC) {
            return queueByDue(q, where, params);
        }
        var sortColumn = switch (q.sort()) {
            case UPDATED_DESC, UPDATED_ASC -> "t.updated_at";
            case CREATED_DESC, CREATED_ASC -> "t.created_at";
            case NUMBER_DESC, NUMBER_ASC -> "t.number";
            case DUE_ASC -> throw new IllegalStateException();
        };
        var descending = q.sort().name().endsWith("DESC");
        if (q.cursor() != null && !q.cursor().isBlank()) {
            var cursor = Cursor.decode(q.cursor(), q.sort());
            where.add("(" + sortColumn + ", t.id) " + (descending ? "<" : ">") + " (:cursorValue, :cursorId)");
            params.put("cursorValue", cursor.value());
            params.put("cursorId", cursor.id());
        }
        var dir = descending ? " desc" : " asc";
        var rows = rows(where, params, sortColumn + dir + ", t.id" + dir, q.limit() + 1);
        return page(q, rows);
    }

    /**
     * Nearest SLA due first: the tickets with a due instant by (due, id), then those without by id. Each
     * part is its own keyset read; the cursor says which part the previous page ended in.
     */
    private Page<TicketRow> queueByDue(QueueQuery q, List<String> where, Map<String, Object> params) {
        var cursor = q.cursor() != null && !q.cursor().isBlank() ? Cursor.decode(q.cursor(), q.sort()) : null;
        var rows = new ArrayList<TicketRow>();
        if (cursor == null || cursor.value() != null) {
            var due = new ArrayList<>(where);
            var p = new HashMap<>(params);
            due.add("t.sla_due_at is not null");
            if (cursor != null) {
                due.add("(t.sla_due_at, t.id) > (:cursorValue, :cursorId)");
                p.put("cursorValue", cursor.value());
                p.put("cursorId", cursor.id());
            }
            rows.addAll(rows(due, p, "t.sla_due_at asc, t.id asc", q.limit() + 1));
        }
        if (rows.size() <= q.limit()) {
            var none = new ArrayList<>(where);
            var p = new HashMap<>(params);
            none.add("t.sla_due_at is null");
            if (cursor != null && cursor.value() == null) {
                none.add("t.id > :cursorId");
                p.put("cursorId", cursor.id());
            }
            rows.addAll(rows(none, p, "t.id asc", q.limit() + 1 - rows.size()));
        }
        return page(q, rows);
    }

    private List<TicketRow> rows(List<String> where, Map<String, Object> params, String order, int limit) {
        var sql = "select t.id, t.number, t.subject, c.name as requester, c.vip, o.name as org, t.priority, t.status,"
                + " a.name as assignee, g.name as grp, t.created_at, t.updated_at, t.organization_id, t.sla_due_at, t.sla_warn_at"
                + " from ticket t join contact c on c.id = t.requester_id join organization o on o.id = t.organization_id"
                + " left join agent a on a.id = t.assignee_id left join agent_group g on g.id = t.group_id"
                + " where " + String.join(" and ", where)
                + " order by " + order + " limit " + limit;
        return jdbc.sql(sql).params(params).query(TicketQueries::row).list();
    }

    private static Page<TicketRow> page(QueueQuery q, List<TicketRow> rows) {
        String next = null;
        if (rows.size() > q.limit()) {
            rows = rows.subList(0, q.limit());
            next = Cursor.encode(q.sort(), rows.get(rows.size() - 1));
        }
        return new Page<>(List.copyOf(rows), next);
    }

    /** Counts of the sidebar views, each capped at {@link #COUNT_CAP}. */
    @Transactional(readOnly = true)
    public Map<QueueView, Integer> counts(Actor actor) {
        var counts = new EnumMap<QueueView, Integer>(QueueView.class);
        for (var view : List.of(QueueView.MINE, QueueView.UNASSIGNED, QueueView.OPEN, QueueView.PENDING, QueueView.RECENTLY_CLOSED)) {
            if (view == QueueView.MINE && actor.agentId() == null) {
                continue;
            }
            var where = new ArrayList<String>();
            var params = new HashMap<String, Object>();
            filter(actor, QueueQuery.of(view), where, params);
            var n = jdbc.sql("select count(*) from (select 1 from ticket t where " + String.join(" and ", where)
                    + " limit " + COUNT_CAP + ") capped").params(params).query(Integer.class).single();
            counts.put(view, n);
        }
        return counts;
    }

    private void filter(Actor actor, QueueQuery q, List<String> where, Map<String, Object> params) {
        var clause = actor.scope().clause("t.organization_id", "t.requester_id");
        where.add(clause.sql());
        params.putAll(clause.params());
        switch (q.view()) {
            case MINE -> {
                where.add(actor.agentId() != null ? "t.assignee_id = :me" : "t.requester_id = :me");
                params.put("me", actor.personId());
                statuses(Status.ACTIVE, where, params, "viewStatuses");
            }
            case UNASSIGNED -> {
                where.add("t.assignee_id is null");
                statuses(Status.ACTIVE, where, params, "viewStatuses");
                var groups = actor.agentId() == null ? List.<Long>of()
                        : agentsAndGroups.groupsOf(actor.agentId()).stream().map(g -> g.id()).toList();
                if (groups.isEmpty()) {
                    where.add("t.group_id is null");
                } else {
                    where.add("(t.group_id is null or t.group_id in (:myGroups))");
                    params.put("myGroups", groups);
                }
            }
            case OPEN -> statuses(Status.ACTIVE, where, params, "viewStatuses");
            case PENDING -> statuses(Status.PENDING, where, params, "viewStatuses");
            case RECENTLY_CLOSED -> {
                statuses(java.util.EnumSet.of(Status.RESOLVED, Status.CLOSED), where, params, "viewStatuses");
                where.add("t.updated_at >= :closedSince");
                params.put("closedSince", OffsetDateTime.ofInstant(clock.instant().minus(Duration.ofDays(7)), ZoneOffset.UTC));
            }
            case ALL -> { }
        }
        if (!q.statuses().isEmpty()) {
            statuses(q.statuses(), where, params, "statuses");
        }
        if (!q.priorities().isEmpty()) {
            where.add("t.priority in (:priorities)");
            params.put("priorities", q.priorities().stream().map(Priority::name).toList());
        }
        if (q.organizationId() != null) {
            where.add("t.organization_id = :org");
            params.put("org", q.organizationId());
        }
        if (q.groupId() != null) {
            where.add("t.group_id = :grp");
            params.put("grp", q.groupId());
        }
        if (q.assigneeId() != null) {
            where.add("t.assignee_id = :assignee");
            params.put("assignee", q.assigneeId());
        }
        if (q.requesterId() != null) {
            where.add("t.requester_id = :requester");
            params.put("requester", q.requesterId());
        }
        if (q.text() != null && !q.text().isBlank()) {
            var text = q.text().trim();
            if (text.matches("#?\\d{1,18}")) {
                where.add("t.number = :number");
                params.put("number", Long.parseLong(text.replace("#", "")));
            } else {
                where.add("lower(t.subject) like :subject");
                params.put("subject", "%" + Letters.lower(text).replace("%", "\\%").replace("_", "\\_") + "%");
            }
        }
    }

    private static void statuses(java.util.Collection<Status> statuses, List<String> where, Map<String, Object> params, String name) {
        where.add("t.status in (:" + name + ")");
        params.put(name, statuses.stream().map(Status::name).toList());
    }

    /** Whether the actor may see the ticket (the same scope check as every read here). */
    @Transactional(readOnly = true)
    public boolean visible(Actor actor, long ticketId) {
        return store.ticket(actor.scope(), ticketId).isPresent();
    }

    /** Ids of active tickets (new, open, pending) after {@code afterId}, in id order: for jobs that walk them all. */
    @Transactional(readOnly = true)
    public List<Long> activeTicketIds(long afterId, int limit) {
        return jdbc.sql("select id from ticket where id > :after and status in (:active) order by id fetch first :limit rows only")
                .param("after", afterId).param("active", Status.ACTIVE.stream().map(Enum::name).toList()).param("limit", limit)
                .query(Long.class).list();
    }

    /** A ticket's number and subject, for reports that list tickets. */
    public record Headline(long id, long number, String subject) {}

    /** The number and subject of each of these tickets the actor may see (one query per thousand ids). */
    @Transactional(readOnly = true)
    public Map<Long, Headline> headlines(Actor actor, java.util.Collection<Long> ids) {
        var out = new java.util.HashMap<Long, Headline>();
        var all = List.copyOf(ids);
        var clause = actor.scope().clause("t.organization_id", "t.requester_id");
        for (int i = 0; i < all.size(); i += 1000) {
            var params = new java.util.HashMap<String, Object>(clause.params());
            params.put("ids", all.subList(i, Math.min(all.size(), i + 1000)));
            jdbc.sql("select t.id, t.number, t.subject from ticket t where t.id in (:ids) and " + clause.sql()).params(params)
                    .query((rs, n) -> out.put(rs.getLong(1), new Headline(rs.getLong(1), rs.getLong(2), rs.getString(3)))).list();
        }
        return out;
    }

    private void requireVisible(Actor actor, long ticketId) {
        if (!visible(actor, ticketId)) {
            throw new NotFoundException("ticket", ticketId);
        }
    }

    /** The whole ticket view in one query: requester, organization, category, group and assignee joined. */
    private Optional<TicketView> view(Actor actor, String where, long key) {
        var clause = actor.scope().clause("t.organization_id", "t.requester_id");
        var french = "fr".equals(actor.locale().getLanguage());
        return jdbc.sql("select t.*, c.name as c_name, c.email as c_email, c.phone as c_phone, c.vip as c_vip,"
                        + " o.name as o_name, cat.name_en as cat_en, cat.name_fr as cat_fr, g.name as g_name, a.name as a_name"
                        + " from ticket t join contact c on c.id = t.requester_id join organization o on o.id = t.organization_id"
                        + " left join ticket_category cat on cat.id = t.category_id left join agent_group g on g.id = t.group_id"
                        + " left join agent a on a.id = t.assignee_id where " + where + " and " + clause.sql())
                .param("key", key).params(clause.params())
                .query((rs, n) -> {
                    var categoryId = (Long) rs.getObject("category_id", Long.class);
                    var groupId = (Long) rs.getObject("group_id", Long.class);
                    var assigneeId = (Long) rs.getObject("assignee_id", Long.class);
                    var tags = rs.getString("tags");
                    return new TicketView(rs.getLong("id"), new TicketNumber(rs.getLong("number")), rs.getString("subject"),
                            rs.getString("description"),
                            new Person(rs.getLong("requester_id"), rs.getString("c_name"), rs.getString("c_email"),
                                    rs.getString("c_phone"), rs.getBoolean("c_vip")),
                            new Ref(rs.getLong("organization_id"), rs.getString("o_name")),
                            categoryId == null ? null : new Ref(categoryId, rs.getString(french ? "cat_fr" : "cat_en")),
                            TicketEnums.Impact.valueOf(rs.getString("impact")), TicketEnums.Urgency.valueOf(rs.getString("urgency")),
                            Priority.valueOf(rs.getString("priority")), TicketEnums.Channel.valueOf(rs.getString("channel")),
                            Status.valueOf(rs.getString("status")),
                            groupId == null ? null : new Ref(groupId, rs.getString("g_name")),
                            assigneeId == null ? null : new Ref(assigneeId, rs.getString("a_name")),
                            io.relais.directory.SupportLevel.valueOf(rs.getString("support_level")),
                            tags == null || tags.isEmpty() ? List.of() : List.of(tags.split(",")),
                            (Long) rs.getObject("merged_into_id", Long.class),
                            instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "first_response_at"),
                            instant(rs, "resolved_at"), instant(rs, "closed_at"), rs.getLong("version"),
                            rs.getBoolean("imported"), rs.getString("customer_urgency") == null ? null
                                    : TicketEnums.Urgency.valueOf(rs.getString("customer_urgency")));
                })
                .optional();
    }

    static TimelineView view(TimelineEntry e) {
        return new TimelineView(e.id(), e.ticketVersion(), e.at(), e.actorName(), e.change(), e.oldValue(),
                e.newValue(), e.articleId());
    }

    private static AttachmentView view(Attachment a) {
        return new AttachmentView(a.id(), a.filename(), a.contentType(), a.size(), a.sha256());
    }

    private static TicketRow row(ResultSet rs, int n) throws SQLException {
        return new TicketRow(rs.getLong("id"), rs.getLong("number"), rs.getString("subject"), rs.getString("requester"),
                rs.getBoolean("vip"), rs.getString("org"), Priority.valueOf(rs.getString("priority")),
                Status.valueOf(rs.getString("status")), rs.getString("assignee"), rs.getString("grp"),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("organization_id"), instant(rs, "sla_due_at"),
                instant(rs, "sla_warn_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** An opaque position in a sorted list: the last row's sort value and id. */
    record Cursor(Object value, long id) {
        static String encode(Sort sort, TicketRow row) {
            var value = switch (sort) {
                case UPDATED_DESC, UPDATED_ASC -> row.updatedAt().toString();
                case CREATED_DESC, CREATED_ASC -> row.createdAt().toString();
                case NUMBER_DESC, NUMBER_ASC -> Long.toString(row.number());
                case DUE_ASC -> row.slaDueAt() == null ? "-" : row.slaDueAt().toString();
            };
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((sort.name() + "|" + value + "|" + row.id()).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String token, Sort sort) {
            try {
                var parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
                if (parts.length != 3 || !parts[0].equals(sort.name())) {
                    throw new IllegalArgumentException("cursor of another sort");
                }
                Object value = switch (sort) {
                    case UPDATED_DESC, UPDATED_ASC, CREATED_DESC, CREATED_ASC ->
                            OffsetDateTime.ofInstant(Instant.parse(parts[1]), ZoneOffset.UTC);
                    case NUMBER_DESC, NUMBER_ASC -> Long.parseLong(parts[1]);
                    case DUE_ASC -> "-".equals(parts[1]) ? null : OffsetDateTime.ofInstant(Instant.parse(parts[1]), ZoneOffset.UTC);
                };
                return new Cursor(value, Long.parseLong(parts[2]));
            } catch (RuntimeException e) {
                throw io.relais.common.InvalidInputException.field("cursor", "invalid cursor: use nextCursor from the previous page");
            }
        }
    }
}
