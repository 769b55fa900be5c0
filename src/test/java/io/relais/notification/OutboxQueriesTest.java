package io.relais.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.IntegrationTest;
import io.relais.TestDatabases;
import io.relais.notification.internal.OutboxDelivery;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox keeps every message it ever sent, so it only grows; what the delivery worker polls for and
 * what a mailbox's status counts are the few messages not sent yet, and neither may walk the sent ones.
 */
class OutboxQueriesTest extends IntegrationTest {
    @Autowired
    Outbox outbox;
    @Autowired
    OutboxDelivery delivery;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theStatusCountsWhatWaitsAndWhatFailed() throws Exception {
        // a source of its own (no mailbox has this id): only this test's rows count for it
        long source = 900_000_000L + System.nanoTime() % 1_000_000;
        var now = OffsetDateTime.now(ZoneOffset.UTC);
        var later = now.plusHours(6); // waiting for a retry: not due, so the worker running meanwhile leaves it
        var rows = TestDatabases.postgres() ? "generate_series(1, 3000) as r(x)" : "system_range(1, 3000) as r(x)";
        jdbc.sql("insert into outbox (channel, kind, automatic, source_id, message_id, sender, recipients, payload, state,"
                        + " attempts, next_attempt_at, created_at, sent_at)"
                        + " select 'EMAIL', 'ACKNOWLEDGEMENT', true, ?, concat('sent-', ?, '-', x), 'desk@example.test',"
                        + " 'someone@example.test', ?, 'SENT', 1, ?, ?, ? from " + rows)
                .params(source, source, new byte[] {'x'}, now, now, now).update();
        insert(source, "waiting-" + source, "PENDING", later);
        insert(source, "failed-" + source, "FAILED", later);

        var summary = outbox.summaries("EMAIL").get(source);
        assertThat(summary).isEqualTo(new Outbox.Summary(1, 1));
    }

    /**
     * The worker's poll reads through the partial index of the unsent messages. PostgreSQL only (index scans
     * counted, plans explained): on H2 it is reported as skipped, with the reason.
     */
    @Test
    void theDeliveryPollWalksThePartialIndexOfTheUnsentMessages() throws Exception {
        Assumptions.assumeTrue(TestDatabases.postgres(), "needs PostgreSQL (-Ppostgres): index statistics and query plans");
        long source = 900_000_000L + System.nanoTime() % 1_000_000;
        var now = OffsetDateTime.now(ZoneOffset.UTC);
        var later = now.plusHours(6);
        var rows = "generate_series(1, 3000) as r(x)";
        jdbc.sql("insert into outbox (channel, kind, automatic, source_id, message_id, sender, recipients, payload, state,"
                        + " attempts, next_attempt_at, created_at, sent_at)"
                        + " select 'EMAIL', 'ACKNOWLEDGEMENT', true, ?, concat('sent-', ?, '-', x), 'desk@example.test',"
                        + " 'someone@example.test', ?, 'SENT', 1, ?, ?, ? from " + rows)
                .params(source, source, new byte[] {'x'}, now, now, now).update();
        insert(source, "waiting-" + source, "PENDING", later);
        // The worker's poll goes through the partial index of the unsent messages, never the 3,000 sent.
        jdbc.sql("analyze outbox").update();
        long before = unsentIndexScans();
        delivery.deliverDue();
        // a backend reports its counters when it goes idle, at most once a second, else within 10 s
        long after = io.relais.Patience.until("the scan counted", this::unsentIndexScans, n -> n > before);
        assertThat(after).as("scans of outbox_unsent_idx by the delivery poll").isGreaterThan(before);

        // Each message goes PENDING -> SENDING -> SENT, and until a vacuum the index entries of its earlier versions
        // stay. The poll must still walk the partial index in order (a plain index scan marks dead entries as it
        // passes them), not a bitmap scan of the (state, next_attempt_at) index that visits every dead PENDING entry
        // at every poll (17 ms a poll at 65,000 in the bench, autovacuum off).
        jdbc.sql("insert into outbox (channel, kind, automatic, source_id, message_id, sender, recipients, payload, state,"
                        + " attempts, next_attempt_at, created_at) select 'EMAIL', 'ACKNOWLEDGEMENT', true, ?,"
                        + " concat('churn-', ?, '-', x), 'desk@example.test', 'someone@example.test', ?, 'PENDING', 0, ?, ? from "
                        + rows)
                .params(source, source, new byte[] {'x'}, later, now).update();
        jdbc.sql("update outbox set state = 'SENDING' where source_id = ? and message_id like 'churn-%'").param(source).update();
        jdbc.sql("update outbox set state = 'SENT' where source_id = ? and message_id like 'churn-%'").param(source).update();
        jdbc.sql("analyze outbox").update();
        var plan = String.join("\n", jdbc.sql("explain " + io.relais.notification.internal.OutboxDelivery.POLL)
                .params(now, now, now).query(String.class).list());
        assertThat(plan).contains("Index Scan using outbox_unsent_idx").doesNotContain("Bitmap");
    }

    private void insert(long source, String messageId, String state, OffsetDateTime next) {
        jdbc.sql("insert into outbox (channel, kind, automatic, source_id, message_id, sender, recipients, payload, state,"
                        + " attempts, next_attempt_at, created_at) values ('EMAIL', 'ACKNOWLEDGEMENT', true, ?, ?,"
                        + " 'desk@example.test', 'someone@example.test', ?, ?, 1, ?, ?)")
                .params(source, messageId, new byte[] {'x'}, state, next, OffsetDateTime.now(ZoneOffset.UTC)).update();
    }

    private long unsentIndexScans() {
        jdbc.sql("select pg_stat_clear_snapshot()").query(Object.class).list();
        return jdbc.sql("select coalesce(sum(idx_scan), 0) from pg_stat_user_indexes where indexrelname = 'outbox_unsent_idx'")
                .query(Long.class).single();
    }
}
