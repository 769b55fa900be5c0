package io.relais.notification.internal;

import io.relais.common.NodeHeartbeat;
import io.relais.notification.OutboxEvents.Delivered;
import io.relais.notification.OutboxEvents.DeliveryFailed;
import io.relais.notification.OutboxMessage;
import io.relais.notification.OutboxTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the outbox. Any node may run it: the due messages of a round are claimed by one conditional
 * UPDATE (a message goes to one node only), then each is sent and marked SENT. A claim names its node: when
 * that node's heartbeat stops ({@link NodeHeartbeat}), another node takes the claim over at its next poll
 * rather than when the claim expires, and sends the same stored bytes, with the same Message-ID.
 *
 * <p>The one window left is between the server accepting the message and the SENT mark being
 * committed: the mark is the very next statement, in one short transaction with the article's delivery
 * state. A crash exactly there sends the message again, with the same Message-ID, which mail clients and
 * Relais's own intake treat as the same message.
 */
@Component
public class OutboxDelivery implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OutboxDelivery.class);
    private static final int BATCH = 20;
    /** Due: pending and due, or claimed by a claim that expired or whose node stopped beating (now, now, alive since). */
    private static final String DUE = "((state = 'PENDING' and next_attempt_at <= ?) or (state = 'SENDING' and (claimed_until < ?"
            + " or claim_node not in (" + NodeHeartbeat.ALIVE + "))))";
    /** What is due now ({@link #DUE}'s three parameters), in id order: through the partial index of the unsent messages (PostgreSQL). */
    public static final String POLL = "select id from outbox where state <> 'SENT' and " + DUE
            + " order by id fetch first " + BATCH + " rows only";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Map<String, OutboxTransport> transports;
    private final NodeHeartbeat heartbeat;
    private final Duration claim;
    private final Duration poll;
    private final int maxAttempts;
    private final boolean enabled;
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private final Object signal = new Object();
    private volatile boolean running;
    private ScheduledExecutorService executor;

    OutboxDelivery(JdbcClient jdbc, TransactionTemplate tx, Clock clock, ApplicationEventPublisher events,
                   NodeHeartbeat heartbeat, List<OutboxTransport> transports,
                   @Value("${relais.outbox.claim-seconds:300}") int claimSeconds,
                   @Value("${relais.outbox.poll-millis:2000}") long pollMillis,
                   @Value("${relais.outbox.max-attempts:12}") int maxAttempts,
                   @Value("${relais.outbox.enabled:true}") boolean enabled) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
        this.heartbeat = heartbeat;
        this.transports = transports.stream().collect(Collectors.toMap(OutboxTransport::channel, Function.identity()));
        this.claim = Duration.ofSeconds(claimSeconds);
        this.poll = Duration.ofMillis(pollMillis);
        this.maxAttempts = maxAttempts;
        this.enabled = enabled;
    }

    /** Called after a commit that enqueued something: deliver now rather than at the next poll. */
    public void wake() {
        wakeRequested.set(true);
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Delivers what is due now, once; returns how many messages were attempted. For the worker and for tests. */
    public int deliverDue() {
        var now = clock.instant();
        // "state <> 'SENT'" names the partial index of the unsent messages (PostgreSQL): the sent ones, nearly all
        // of the table, are never walked
        if (!heartbeat.trusted()) {
            return 0; // this node could not beat lately: others may take its claims, so it claims nothing
        }
        var due = jdbc.sql(POLL).params(at(now), at(now), heartbeat.aliveSince()).query(Long.class).list();
        if (due.isEmpty()) {
            return 0;
        }
        // One claim for the whole round (a token of its own, so that only what this round won is read back),
        // then one send and one SENT mark per message.
        var token = heartbeat.id() + ":" + rounds.incrementAndGet();
        var deadline = now.plus(claim);
        var claimed = claim(due, token, now, deadline);
        int attempted = 0;
        for (var message : claimed) {
            if (clock.instant().isAfter(now.plus(claim.dividedBy(2))) || !heartbeat.trusted()) {
                // Slow sends, or no beat lately: leave the rest to another round before their claim can run out or
                // be taken over under us.
                release(token);
                break;
            }
            attempted++;
            deliver(message, token);
        }
        return attempted;
    }

    private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();

    private List<OutboxMessage> claim(List<Long> ids, String token, Instant now, Instant until) {
        var in = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        var params = new java.util.ArrayList<Object>(List.of(token, heartbeat.id(), at(until)));
        params.addAll(ids);
        params.add(at(now));
        params.add(at(now));
        params.add(heartbeat.aliveSince());
        var won = tx.execute(s -> jdbc.sql("update outbox set state = 'SENDING', claimed_by = ?, claim_node = ?, claimed_until = ?,"
                        + " attempts = attempts + 1 where id in (" + in + ") and " + DUE)
                .params(params).update());
        if (won == null || won == 0) {
            return List.of();
        }
        return jdbc.sql("select id, channel, kind, automatic, source_id, ticket_id, article_id, message_id, sender,"
                        + " recipients, rate_key, payload, attempts from outbox where id in (" + in + ") and claimed_by = ?"
                        + " and state = 'SENDING' order by id")
                .params(read(ids, token))
                .query((rs, i) -> new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getObject(5, Long.class), rs.getObject(6, Long.class), rs.getObject(7, Long.class),
                        rs.getString(8), rs.getString(9), Arrays.asList(rs.getString(10).split(",")), rs.getString(11),
                        rs.getBytes(12), rs.getInt(13)))
                .list();
    }

    private static List<Object> read(List<Long> ids, String token) {
        var params = new java.util.ArrayList<Object>(ids);
        params.add(token);
        return params;
    }

    /** Gives back what a round claimed and did not attempt (the attempt it counted is given back too). */
    private void release(String token) {
        jdbc.sql("update outbox set state = 'PENDING', claimed_by = null, claim_node = null, claimed_until = null,"
                + " attempts = attempts - 1"
                + " where claimed_by = ? and state = 'SENDING'").param(token).update();
    }

    private void deliver(OutboxMessage m, String token) {
        var transport = transports.get(m.channel());
        try {
            if (transport == null) {
                throw new OutboxTransport.PermanentFailure("no transport for channel " + m.channel());
            }
            transport.deliver(m);
        } catch (OutboxTransport.PermanentFailure e) {
            fail(m, token, e.getMessage(), true);
            return;
        } catch (Exception e) {
            fail(m, token, describe(e), m.attempts() >= maxAttempts);
            return;
        }
        // The SENT mark and what it means for the ticket (the article's delivery state) commit together, at once:
        // the window in which a crash sends the message again is this short transaction, and no crash can leave an
        // article showing "sending" for a message that went. Should the article's side fail, the mark is not held
        // back by it (a message marked nowhere would be sent again and again): it is committed alone.
        try {
            tx.executeWithoutResult(s -> {
                markSent(m, token);
                events.publishEvent(new Delivered(m.id(), m.kind(), m.ticketId(), m.articleId()));
            });
        } catch (RuntimeException e) {
            log.warn("Outbox message {} ({}) was sent; recording its delivery failed, marked sent alone: {}", m.id(), m.kind(),
                    e.toString());
            markSent(m, token);
        }
    }

    private void markSent(OutboxMessage m, String token) {
        jdbc.sql("update outbox set state = 'SENT', sent_at = ?, claimed_by = null, claim_node = null, claimed_until = null,"
                + " last_error = null where id = ? and claimed_by = ?").params(at(clock.instant()), m.id(), token).update();
    }

    private void fail(OutboxMessage m, String token, String error, boolean permanent) {
        var next = clock.instant().plus(backoff(m.attempts()));
        log.warn("Outbox message {} ({}) attempt {} failed{}: {}", m.id(), m.kind(), m.attempts(),
                permanent ? " for good" : ", next attempt at " + next, error);
        tx.executeWithoutResult(s -> {
            jdbc.sql("update outbox set state = ?, next_attempt_at = ?, claimed_by = null, claim_node = null, claimed_until = null,"
                            + " last_error = ? where id = ? and claimed_by = ?")
                    .params(permanent ? "FAILED" : "PENDING", at(next), cut(error), m.id(), token).update();
            events.publishEvent(new DeliveryFailed(m.id(), m.kind(), m.ticketId(), m.articleId(), cut(error), permanent));
        });
    }

    /** 30 s, 1 min, 2 min, 4 min … capped at 1 h. */
    static Duration backoff(int attempts) {
        var seconds = 30L << Math.min(Math.max(attempts - 1, 0), 7);
        return Duration.ofSeconds(Math.min(seconds, 3600));
    }

    private static String describe(Exception e) {
        var text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return text.replaceAll("[\\r\\n]+", " ");
    }

    private static String cut(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    // ---- the worker

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        running = true;
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "outbox-delivery");
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                wakeRequested.set(false);
                if (deliverDue() == BATCH) {
                    continue;
                }
            } catch (RuntimeException e) {
                log.warn("Outbox delivery round failed (will try again): {}", e.toString());
            }
            synchronized (signal) {
                if (!wakeRequested.get() && running) {
                    try {
                        signal.wait(poll.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        wake();
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
