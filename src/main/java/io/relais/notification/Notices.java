package io.relais.notification;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * In-app notices for agents: written in the transaction of what caused them, listed newest first,
 * marked read. Posting one also publishes {@link NoticePosted}, which the mail module turns into an
 * e-mail through the outbox in the same transaction.
 */
@Service
public class Notices {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Notices(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    public record Notice(long id, Long ticketId, String kind, String title, String body, Instant createdAt, boolean read) {}

    /** A notice for these agents (each once); nothing when the list is empty. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void post(Collection<Long> agentIds, Long ticketId, String kind, String title, String body) {
        var recipients = agentIds.stream().distinct().sorted().toList();
        if (recipients.isEmpty()) {
            return;
        }
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        for (var agent : recipients) {
            jdbc.sql("insert into notice (agent_id, ticket_id, kind, title, body, created_at) values (?, ?, ?, ?, ?, ?)")
                    .params(agent, ticketId, kind, cut(title, 500), cut(body, 2000), now).update();
        }
        events.publishEvent(new NoticePosted(recipients, ticketId, kind, cut(title, 500), cut(body, 2000)));
    }

    /** The agent's latest notices (read or not), newest first. */
    @Transactional(readOnly = true)
    public List<Notice> latest(long agentId, int limit) {
        return jdbc.sql("select id, ticket_id, kind, title, body, created_at, read_at from notice where agent_id = ?"
                        + " order by id desc fetch first " + Math.max(1, Math.min(limit, 200)) + " rows only")
                .param(agentId)
                .query((rs, i) -> new Notice(rs.getLong(1), (Long) rs.getObject(2, Long.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, java.time.OffsetDateTime.class).toInstant(), rs.getObject(7) != null))
                .list();
    }

    @Transactional(readOnly = true)
    public long unread(long agentId) {
        return jdbc.sql("select count(*) from notice where agent_id = ? and read_at is null").param(agentId).query(Long.class).single();
    }

    /** Marks every unread notice of the agent read. */
    @Transactional
    public void markAllRead(long agentId) {
        jdbc.sql("update notice set read_at = ? where agent_id = ? and read_at is null")
                .params(clock.instant().atOffset(ZoneOffset.UTC), agentId).update();
    }

    /** Posted in the transaction that wrote the notices. */
    public record NoticePosted(List<Long> agentIds, Long ticketId, String kind, String title, String body) {}

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
