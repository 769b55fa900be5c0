package io.relais.ticket;

import io.relais.common.Letters;
import io.relais.directory.AgentsAndGroups;
import io.relais.security.Actor;
import io.relais.ticket.QueueQuery.Sort;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketViews.Page;
import io.relais.ticket.TicketViews.TicketRow;
import io.relais.ticket.internal.QueueCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The queues: pages of tickets by view and filters, in the actor's scope, and the sidebar's counts. */
@Service
public class Queues {
    /** Sidebar counts stop here: "999+" is as useful as an exact 250,000 and costs far less. */
    public static final int COUNT_CAP = 1000;

    private final AgentsAndGroups agentsAndGroups;
    private final JdbcClient jdbc;
    private final Clock clock;

    Queues(AgentsAndGroups agentsAndGroups, JdbcClient jdbc, Clock clock) {
        this.agentsAndGroups = agentsAndGroups;
        this.jdbc = jdbc;
        this.clock = clock;
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
            var cursor = QueueCursor.decode(q.cursor(), q.sort());
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
        var cursor = q.cursor() != null && !q.cursor().isBlank() ? QueueCursor.decode(q.cursor(), q.sort()) : null;
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
        return jdbc.sql(sql).params(params).query(Queues::row).list();
    }

    private static Page<TicketRow> page(QueueQuery q, List<TicketRow> rows) {
        String next = null;
        if (rows.size() > q.limit()) {
            rows = rows.subList(0, q.limit());
            next = QueueCursor.encode(q.sort(), rows.get(rows.size() - 1));
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

    private static TicketRow row(ResultSet rs, int n) throws SQLException {
        return new TicketRow(rs.getLong("id"), rs.getLong("number"), rs.getString("subject"), rs.getString("requester"),
                rs.getBoolean("vip"), rs.getString("org"), Priority.valueOf(rs.getString("priority")),
                Status.valueOf(rs.getString("status")), rs.getString("assignee"), rs.getString("grp"),
                TicketReads.instant(rs, "created_at"), TicketReads.instant(rs, "updated_at"), rs.getLong("organization_id"), TicketReads.instant(rs, "sla_due_at"),
                TicketReads.instant(rs, "sla_warn_at"));
    }
}
