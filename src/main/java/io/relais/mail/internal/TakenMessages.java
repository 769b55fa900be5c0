package io.relais.mail.internal;

import io.relais.mail.internal.IntakeOutcome.Kind;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The messages a mailbox took ({@code mail_message}): each once, ever, by its dedupe key (the Message-ID, or the raw
 * source's SHA-256 without one), with what became of it; and the mailbox's imported count.
 */
@Component
class TakenMessages {
    private final JdbcClient jdbc;
    private final Clock clock;

    TakenMessages(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A message's claim on its dedupe key, written by {@link #record} at the end of its transaction. */
    record Claim(long mailboxId, String key, String messageId, String sha) {}

    static String dedupeKey(String messageId, String sha) {
        return messageId == null || messageId.isBlank() ? "sha256:" + sha : "mid:" + MailParser.cut(messageId.trim(), 590);
    }

    static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What became of the message of this dedupe key, if it was taken before or waits in quarantine. */
    Optional<IntakeOutcome> known(long mailboxId, String key) {
        // one statement for both (asked for every message): taken first, else waiting in quarantine
        var rows = jdbc.sql("select 0, outcome, ticket_id, article_id from mail_message where mailbox_id = ? and dedupe_key = ?"
                        + " union all select 1, null, cast(null as bigint), id from mail_quarantine"
                        + " where mailbox_id = ? and dedupe_key = ? and status = 'OPEN'")
                .params(mailboxId, key, mailboxId, key)
                .query((rs, i) -> rs.getInt(1) == 0
                        ? new IntakeOutcome(Kind.DUPLICATE, rs.getObject(3, Long.class), null, rs.getObject(4, Long.class), null,
                                rs.getString(2))
                        : new IntakeOutcome(Kind.QUARANTINED, null, null, null, rs.getLong(4), IntakeOutcome.ALREADY_QUARANTINED))
                .list();
        return rows.stream().filter(o -> o.kind() == Kind.DUPLICATE).findFirst().or(() -> rows.stream().findFirst());
    }

    /** The ticket a message of this mailbox, taken before, went to. */
    Optional<Long> ticketOfMessage(long mailboxId, String messageId) {
        return jdbc.sql("select ticket_id from mail_message where mailbox_id = ? and message_id = ? and ticket_id is not null")
                .params(mailboxId, MailParser.cut(messageId, 500)).query(Long.class).optional();
    }

    /**
     * Records the message as taken, last in its transaction: a second run of the same message fails here on the
     * unique key and rolls back whatever it did.
     */
    IntakeOutcome record(Claim claim, IntakeOutcome outcome) {
        jdbc.sql("insert into mail_message (mailbox_id, dedupe_key, message_id, raw_sha256, outcome, ticket_id, article_id, detail,"
                        + " received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(claim.mailboxId(), claim.key(), claim.messageId(), claim.sha(), outcome.kind().name(), outcome.ticketId(),
                        outcome.articleId(), MailParser.cut(outcome.detail(), 1000), now()).update();
        return outcome;
    }

    /**
     * Adds the messages a transaction took in to the mailbox's imported count once, at its end: the count's
     * row is the one the fetcher updates to acknowledge what it fetched, and updating it with the first message of a
     * group kept that row locked, and the fetcher waiting, until the whole group was written.
     */
    void countImported(long mailboxId, List<IntakeOutcome> outcomes) {
        var taken = outcomes.stream().filter(o -> o.kind() == Kind.TICKET || o.kind() == Kind.FOLLOW_UP).count();
        if (taken > 0) {
            jdbc.sql("update mailbox_state set imported = imported + ? where mailbox_id = ?").params(taken, mailboxId).update();
        }
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
