package io.relais.common;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * This node's id and its heartbeat: a row in node_heartbeat written every few seconds. Work a node claims in
 * the database (outbox claims, mailbox leases) names the node; another node takes it over as soon as the
 * claimant's beat is older than {@link #staleAfter()}, rather than when the claim's own deadline passes. A
 * node that could not beat for half that time stops claiming work itself, since others may take it over.
 */
@Component
public class NodeHeartbeat implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);
    /** SQL: the nodes alive at the instant given as the one parameter. */
    public static final String ALIVE = "select node_id from node_heartbeat where beat_at >= ?";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String id;
    private final Duration interval;
    private final Duration staleAfter;
    private volatile Instant lastBeat = Instant.MIN;
    private volatile boolean running;
    private ScheduledExecutorService executor;

    NodeHeartbeat(JdbcClient jdbc, Clock clock,
                  @Value("${relais.node.heartbeat-seconds:5}") int heartbeatSeconds,
                  @Value("${relais.node.stale-seconds:20}") int staleSeconds) {
        this.jdbc = jdbc;
        this.clock = clock;
        var name = ManagementFactory.getRuntimeMXBean().getName();
        this.id = (name.length() > 60 ? name.substring(0, 60) : name) + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.interval = Duration.ofSeconds(heartbeatSeconds);
        this.staleAfter = Duration.ofSeconds(Math.max(staleSeconds, 2L * heartbeatSeconds));
    }

    /** This node, as claims and leases name it (at most 69 characters). */
    public String id() {
        return id;
    }

    /** How old a beat may be before the node counts as dead. */
    public Duration staleAfter() {
        return staleAfter;
    }

    /** The parameter of {@link #ALIVE}: a node that beat since this instant is alive. */
    public java.time.OffsetDateTime aliveSince() {
        return clock.instant().minus(staleAfter).atOffset(ZoneOffset.UTC);
    }

    /** Whether this node beat recently enough that nobody takes its claims over yet (with half the delay to spare). */
    public boolean trusted() {
        return lastBeat.isAfter(clock.instant().minus(staleAfter.dividedBy(2)));
    }

    /** Writes this node's beat now (and forgets nodes gone for a day). */
    public void beat() {
        var now = clock.instant();
        var at = now.atOffset(ZoneOffset.UTC);
        if (jdbc.sql("update node_heartbeat set beat_at = ? where node_id = ?").params(at, id).update() == 0) {
            jdbc.sql("insert into node_heartbeat (node_id, beat_at) values (?, ?)").params(id, at).update();
            jdbc.sql("delete from node_heartbeat where beat_at < ?").param(at.minusDays(1)).update();
        }
        lastBeat = now;
    }

    @Override
    public void start() {
        beat();
        running = true;
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "node-heartbeat");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                beat();
            } catch (RuntimeException e) {
                log.warn("Node heartbeat of {} failed (will try again): {}", id, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        if (executor != null) {
            executor.shutdownNow();
        }
        try {
            jdbc.sql("delete from node_heartbeat where node_id = ?").param(id).update();
        } catch (RuntimeException e) {
            log.info("Could not remove the heartbeat of {} on stop: {}", id, e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the workers that claim work and stops after them. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
