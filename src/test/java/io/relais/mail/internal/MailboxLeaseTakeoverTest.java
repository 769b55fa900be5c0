package io.relais.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.IntegrationTest;
import io.relais.common.NodeHeartbeat;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.mail.Mailboxes;
import io.relais.security.Actor;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A node killed while it held a mailbox's lease: the lease runs for minutes more, but the node's heartbeat
 * stopped, so a live node takes the mailbox over at its next try. A lease of a node that still beats stays.
 */
class MailboxLeaseTakeoverTest extends IntegrationTest {
    @Autowired
    MailboxState state;
    @Autowired
    Mailboxes mailboxes;
    @Autowired
    NodeHeartbeat heartbeat;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theLeaseOfANodeWhoseHeartbeatStoppedIsTakenOverAtOnce() {
        var dead = "dead-" + System.nanoTime();
        var mailbox = mailboxLeasedBy(dead, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));

        assertThat(state.acquireLease(mailbox)).isTrue();
        assertThat(holder(mailbox)).isEqualTo(heartbeat.id());
    }

    @Test
    void theLeaseOfANodeThatStillBeatsStaysWithIt() {
        var live = "live-" + System.nanoTime();
        var mailbox = mailboxLeasedBy(live, OffsetDateTime.now(ZoneOffset.UTC));

        assertThat(state.acquireLease(mailbox)).isFalse();
        assertThat(holder(mailbox)).isEqualTo(live);
    }

    /** A mailbox (that nobody fetches here) whose lease the node took a moment ago, for two more minutes. */
    private long mailboxLeasedBy(String node, OffsetDateTime lastBeat) {
        var t = fixtures.tenant("Lease");
        var id = mailboxes.create(Actor.system("test admin"), new MailboxForm("Lease " + System.nanoTime(),
                "lease-" + System.nanoTime() + "@relais.test", null, InboundProtocol.NONE, null, null, null, null, null, null,
                null, OutboundSecurity.NONE, null, null, null, null, t.groupId(), t.organizationId(), false)).id();
        jdbc.sql("insert into node_heartbeat (node_id, beat_at) values (?, ?)").params(node, lastBeat).update();
        jdbc.sql("update mailbox_state set lease_holder = ?, lease_until = ? where mailbox_id = ?")
                .params(node, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(2), id).update();
        return id;
    }

    private String holder(long mailbox) {
        return jdbc.sql("select lease_holder from mailbox_state where mailbox_id = ?").param(mailbox).query(String.class).single();
    }
}
