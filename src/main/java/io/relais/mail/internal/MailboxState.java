package io.relais.mail.internal;

import io.relais.common.NodeHeartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A fetching mailbox's row in {@code mailbox_state}: its lease (the node that fetches it), where its IMAP reading stands
 * (UIDVALIDITY, folder, last UID acknowledged and the Message-ID found at it) and what the Mailboxes page and the health
 * check show (last fetch, last success, failures, last error). Each write is one statement, committed on its own.
 */
@Component
class MailboxState {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final NodeHeartbeat heartbeat;
    private final String node;
    private final Duration lease;

    MailboxState(JdbcClient jdbc, Clock clock, NodeHeartbeat heartbeat,
                 @Value("${relais.mail.fetch.lease-seconds:120}") int leaseSeconds) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.node = heartbeat.id();
        this.lease = Duration.ofSeconds(leaseSeconds);
    }

    /** Where the reading of an IMAP folder stands. {@code uidValidity} is null before the folder was ever read. */
    record Position(Long uidValidity, long lastUid, String folder, String lastMessageId) {}

    /** How long a lease runs without being renewed. */
    Duration lease() {
        return lease;
    }

    /**
     * Takes or renews the lease of a mailbox for this node: free, already ours, expired, or held by a node whose
     * heartbeat stopped. A node that could not beat lately takes nothing (others may take its leases over).
     */
    boolean acquireLease(long mailboxId) {
        if (!heartbeat.trusted()) {
            return false;
        }
        var now = clock.instant();
        return jdbc.sql("update mailbox_state set lease_holder = ?, lease_until = ? where mailbox_id = ?"
                        + " and (lease_holder is null or lease_holder = ? or lease_until < ? or lease_holder not in ("
                        + NodeHeartbeat.ALIVE + "))")
                .params(node, at(now.plus(lease)), mailboxId, node, at(now), heartbeat.aliveSince()).update() == 1;
    }

    void releaseLease(long mailboxId) {
        jdbc.sql("update mailbox_state set lease_holder = null, lease_until = null where mailbox_id = ? and lease_holder = ?")
                .params(mailboxId, node).update();
    }

    Position position(long mailboxId) {
        return jdbc.sql("select uid_validity, last_uid, folder, last_message_id from mailbox_state where mailbox_id = ?")
                .param(mailboxId)
                .query((rs, i) -> new Position(rs.getObject(1, Long.class), rs.getLong(2), rs.getString(3), rs.getString(4)))
                .single();
    }

    /** The folder is read again from its start: a new UIDVALIDITY, another folder, or a renumbering. */
    void restart(long mailboxId, long uidValidity, String folder) {
        jdbc.sql("update mailbox_state set uid_validity = ?, last_uid = 0, folder = ? where mailbox_id = ?")
                .params(uidValidity, folder, mailboxId).update();
    }

    /** A batch up to {@code uid} is flagged \Seen: the next pass starts after it (never goes back). */
    void acknowledged(long mailboxId, long uid, String messageId) {
        jdbc.sql("update mailbox_state set last_uid = ?, last_message_id = ? where mailbox_id = ? and last_uid < ?")
                .params(uid, MailParser.cut(messageId, 500), mailboxId, uid).update();
    }

    /** A pass ended (IMAP or POP3). */
    void fetched(long mailboxId) {
        jdbc.sql("update mailbox_state set last_fetch_at = ? where mailbox_id = ?").params(now(), mailboxId).update();
    }

    void succeeded(long mailboxId) {
        jdbc.sql("update mailbox_state set last_success_at = ?, failures = 0 where mailbox_id = ?").params(now(), mailboxId).update();
    }

    /** Records the error for the Mailboxes page; a database that is away cannot take it, and the log has it. */
    void failed(long mailboxId, Exception e) {
        try {
            jdbc.sql("update mailbox_state set last_error = ?, last_error_at = ?, failures = failures + 1 where mailbox_id = ?")
                    .params(MailParser.cut(ErrorText.describe(e), 1000), now(), mailboxId).update();
        } catch (RuntimeException dbDown) {
            FetchSupervisor.log.debug("cannot record the fetch error: {}", dbDown.toString());
        }
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
