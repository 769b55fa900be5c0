package io.relais.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.IntegrationTest;
import io.relais.notification.internal.OutboxDelivery;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A node killed while it held outbox claims: its claims run for minutes more, but its heartbeat stops, and the
 * next poll of a live node takes them over. The claims of a node that still beats stay with it.
 */
class OutboxClaimTakeoverTest extends IntegrationTest {
    @Autowired
    OutboxDelivery delivery;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theClaimOfANodeWhoseHeartbeatStoppedIsTakenOverAtOnce() {
        var dead = "dead-" + System.nanoTime();
        beat(dead, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));
        var id = claimedBy(dead);

        delivery.deliverDue();

        var row = jdbc.sql("select coalesce(claimed_by, '-') || ' ' || attempts from outbox where id = ?").param(id)
                .query(String.class).single();
        assertThat(row).as("claim and attempts after a poll of a live node").isNotEqualTo(dead + ":1 1").endsWith(" 2");
    }

    @Test
    void theClaimOfANodeThatStillBeatsStaysWithItUntilItExpires() {
        var live = "live-" + System.nanoTime();
        beat(live, OffsetDateTime.now(ZoneOffset.UTC));
        var id = claimedBy(live);

        delivery.deliverDue();

        var row = jdbc.sql("select state || ' ' || claimed_by || ' ' || attempts from outbox where id = ?").param(id)
                .query(String.class).single();
        assertThat(row).isEqualTo("SENDING " + live + ":1 1");
    }

    private void beat(String node, OffsetDateTime at) {
        jdbc.sql("insert into node_heartbeat (node_id, beat_at) values (?, ?)").params(node, at).update();
    }

    /** A message the node claimed a moment ago, its claim running ten more minutes. */
    private long claimedBy(String node) {
        var now = OffsetDateTime.now(ZoneOffset.UTC);
        long source = 910_000_000L + System.nanoTime() % 1_000_000;
        jdbc.sql("insert into outbox (channel, kind, automatic, source_id, message_id, sender, recipients, payload, state,"
                        + " attempts, next_attempt_at, created_at, claimed_by, claim_node, claimed_until) values ('EMAIL',"
                        + " 'ACKNOWLEDGEMENT', true, ?, ?, 'desk@example.test', 'someone@example.test', ?, 'SENDING', 1, ?, ?,"
                        + " ?, ?, ?)")
                .params(source, "takeover-" + node, new byte[] {'x'}, now, now, node + ":1", node, now.plusMinutes(10))
                .update();
        return jdbc.sql("select id from outbox where message_id = ?").param("takeover-" + node).query(Long.class).single();
    }
}
