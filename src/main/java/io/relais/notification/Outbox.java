package io.relais.notification;

import io.relais.notification.internal.OutboxDelivery;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Writes outgoing messages in the caller's transaction; they leave only if that transaction commits. */
@Service
public class Outbox {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final OutboxDelivery delivery;

    Outbox(JdbcClient jdbc, Clock clock, OutboxDelivery delivery) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.delivery = delivery;
    }

    /** A message to write. {@code messageId} is unique: enqueueing the same message twice is refused by the database. */
    public record NewMessage(String channel, String kind, boolean automatic, Long sourceId, Long ticketId, Long articleId,
                             String messageId, String sender, List<String> recipients, String rateKey, byte[] payload) {}

    public record Summary(long pending, long failed) {}

    public record Entry(long id, String kind, boolean automatic, Long ticketId, String recipients, String state,
                        int attempts, String lastError, Instant createdAt, Instant sentAt) {}

    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(NewMessage m) {
        var now = at(clock.instant());
        jdbc.sql("insert into outbox (channel, kind, automatic, source_id, ticket_id, article_id, message_id, sender,"
                        + " recipients, rate_key, payload, state, attempts, next_attempt_at, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)")
                .params(m.channel(), m.kind(), m.automatic(), m.sourceId(), m.ticketId(), m.articleId(), m.messageId(),
                        m.sender(), String.join(",", m.recipients()), m.rateKey(), m.payload(), now, now)
                .update();
        wakeDeliveryAfterCommit();
    }

    /** How many automatic messages went to this key since then (for per-address rate limits). */
    @Transactional(readOnly = true)
    public long automaticSince(String rateKey, Instant since) {
        return jdbc.sql("select count(*) from outbox where rate_key = ? and automatic = true and created_at > ?")
                .params(rateKey, at(since)).query(Long.class).single();
    }

    /** The recipients a message was addressed to, by its Message-ID (none when we never sent it). */
    @Transactional(readOnly = true)
    public List<String> recipientsOf(String messageId) {
        return jdbc.sql("select recipients from outbox where message_id = ?").param(messageId).query(String.class).list()
                .stream().flatMap(r -> java.util.Arrays.stream(r.split(","))).map(String::trim).filter(r -> !r.isEmpty())
                .toList();
    }

    /**
     * Per sending account of the channel (the mailbox for e-mail): what waits and what failed. One query over
     * the unsent messages only (a partial index on PostgreSQL): the sent ones are nearly all of the table.
     */
    @Transactional(readOnly = true)
    public java.util.Map<Long, Summary> summaries(String channel) {
        var counts = new java.util.HashMap<Long, long[]>();
        jdbc.sql("select source_id, state, count(*) from outbox where state <> 'SENT' and channel = ? and source_id is not null"
                        + " group by source_id, state")
                .param(channel).query(rs -> {
                    var c = counts.computeIfAbsent(rs.getLong(1), k -> new long[2]);
                    if ("FAILED".equals(rs.getString(2))) {
                        c[1] += rs.getLong(3);
                    } else {
                        c[0] += rs.getLong(3);
                    }
                });
        var out = new java.util.HashMap<Long, Summary>();
        counts.forEach((id, c) -> out.put(id, new Summary(c[0], c[1])));
        return out;
    }

    /** The latest messages not yet sent, failures first, for the admin page. */
    @Transactional(readOnly = true)
    public List<Entry> unsent(String channel, int limit) {
        return jdbc.sql("select id, kind, automatic, ticket_id, recipients, state, attempts, last_error, created_at, sent_at"
                        + " from outbox where channel = ? and state <> 'SENT' order by state, id desc fetch first ? rows only")
                .params(channel, limit).query((rs, i) -> new Entry(rs.getLong(1), rs.getString(2), rs.getBoolean(3),
                        (Long) rs.getObject(4, Long.class), rs.getString(5), rs.getString(6), rs.getInt(7),
                        rs.getString(8), rs.getObject(9, OffsetDateTime.class).toInstant(),
                        rs.getObject(10, OffsetDateTime.class) == null ? null : rs.getObject(10, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Puts a failed message back in line (an administrator fixed the cause). */
    @Transactional
    public boolean retry(long id) {
        var n = jdbc.sql("update outbox set state = 'PENDING', next_attempt_at = ?, attempts = 0 where id = ? and state = 'FAILED'")
                .params(at(clock.instant()), id).update();
        if (n > 0) {
            wakeDeliveryAfterCommit();
        }
        return n > 0;
    }

    /** Delivers right after the commit rather than at the next poll. */
    private void wakeDeliveryAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    delivery.wake();
                }
            });
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
