package io.relais.mail.internal;

import io.relais.mail.internal.IntakeOutcome.Kind;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Messages the intake could not take ({@code mail_quarantine}), with the error and the source, until someone retries
 * or discards them. One entry per mailbox and dedupe key: a message quarantined again opens its entry again.
 */
@Component
class Quarantine {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    Quarantine(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /** An entry taken out to be retried: the mailbox and the source. */
    record Held(long mailboxId, byte[] raw) {}

    /** Holds the message, in a transaction of its own (the message's own has failed or never ran). */
    IntakeOutcome hold(long mailboxId, String key, byte[] raw, String error) {
        var id = tx.execute(s -> {
            var existing = jdbc.sql("select id from mail_quarantine where mailbox_id = ? and dedupe_key = ?")
                    .params(mailboxId, key).query(Long.class).optional();
            if (existing.isPresent()) {
                jdbc.sql("update mail_quarantine set status = 'OPEN', error = ?, resolved_at = null where id = ?")
                        .params(MailParser.cut(error, 2000), existing.get()).update();
                return existing.get();
            }
            jdbc.sql("insert into mail_quarantine (mailbox_id, dedupe_key, raw, error, status, created_at) values (?, ?, ?, ?, 'OPEN', ?)")
                    .params(mailboxId, key, raw, MailParser.cut(error, 2000), now()).update();
            return jdbc.sql("select id from mail_quarantine where mailbox_id = ? and dedupe_key = ?")
                    .params(mailboxId, key).query(Long.class).single();
        });
        return new IntakeOutcome(Kind.QUARANTINED, null, null, null, id, error);
    }

    /** An open entry, marked RETRIED; empty when it is not in quarantine (any more). */
    Optional<Held> takeOut(long quarantineId) {
        var row = jdbc.sql("select mailbox_id, raw from mail_quarantine where id = ? and status = 'OPEN'")
                .param(quarantineId).query((rs, i) -> new Held(rs.getLong(1), rs.getBytes(2))).optional();
        if (row.isEmpty()) {
            return row;
        }
        jdbc.sql("update mail_quarantine set status = 'RETRIED', resolved_at = ? where id = ?")
                .params(now(), quarantineId).update();
        return row;
    }

    /** A retried entry whose message was quarantined again: it waits again. */
    void reopen(long quarantineId) {
        jdbc.sql("update mail_quarantine set status = 'OPEN', resolved_at = null where id = ?").param(quarantineId).update();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
