package io.relais.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.relais.IntegrationTest;
import io.relais.TestDatabases;
import io.relais.common.DatabaseFaults;
import io.relais.mail.internal.IntakeOutcome;
import io.relais.mail.internal.MailIntake;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database connection cut in the middle of the intake's transaction (PostgreSQL terminates the backend while it
 * writes the message's row): the rollback then fails too, and that error hides the cause. The message must be left
 * for a retry — no quarantine entry, nothing marked taken — and go through once the database answers again.
 */
class MailDatabaseFaultTest extends IntegrationTest {
    @Autowired Mailboxes mailboxes;
    @Autowired MailIntake intake;
    @Autowired JdbcClient jdbc;

    long mailboxId;

    @AfterEach
    void cleanUp() {
        if (TestDatabases.postgres()) {
            jdbc.sql("drop trigger if exists cut_connection on mail_message").update();
            jdbc.sql("drop function if exists cut_connection()").update();
        }
        if (mailboxId != 0) {
            MailTestSupport.switchOff(mailboxes, mailboxId);
            jdbc.sql("update outbox set state = 'FAILED' where source_id = ? and state <> 'SENT'").param(mailboxId).update();
        }
    }

    @Test
    void aConnectionCutDuringTheIntakeLeavesTheMessageForARetryInsteadOfQuarantiningIt() {
        Assumptions.assumeTrue(TestDatabases.postgres(), "needs PostgreSQL: a backend terminated mid-transaction");
        var tenant = fixtures.tenant("Cut");
        mailboxId = MailTestSupport.serverless(mailboxes, tenant, "Cut", "cut-" + System.nanoTime() + "@relais.test");
        var messageId = "cut." + System.nanoTime() + "@client.example";
        // The backend that writes this message's row kills itself: the connection dies inside the transaction.
        jdbc.sql("create or replace function cut_connection() returns trigger language plpgsql as $$ begin"
                + " if new.message_id = '" + messageId + "' then perform pg_terminate_backend(pg_backend_pid()); end if;"
                + " return new; end $$").update();
        jdbc.sql("create trigger cut_connection before insert on mail_message for each row execute function cut_connection()")
                .update();
        var raw = ("From: " + tenant.customer().login() + "\r\nTo: support@relais.test\r\nSubject: Scanner offline\r\n"
                + "Message-ID: <" + messageId + ">\r\n\r\nThe scanner is offline.\r\n").getBytes(StandardCharsets.UTF_8);

        var failure = catchThrowable(() -> intake.take(mailboxId, raw));
        assertThat(failure).as("the intake must not answer as if the message were at fault").isNotNull();
        assertThat(DatabaseFaults.isDatabaseFault(failure)).isTrue();
        assertThat(jdbc.sql("select count(*) from mail_quarantine where mailbox_id = ?").param(mailboxId).query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from mail_message where mailbox_id = ?").param(mailboxId).query(Long.class).single())
                .isZero();

        // the database answers again: the same message goes through, once
        jdbc.sql("drop trigger cut_connection on mail_message").update();
        var outcome = intake.take(mailboxId, raw);
        assertThat(outcome.kind()).isEqualTo(IntakeOutcome.Kind.TICKET);
        assertThat(intake.take(mailboxId, raw).kind()).isEqualTo(IntakeOutcome.Kind.DUPLICATE);
    }
}
