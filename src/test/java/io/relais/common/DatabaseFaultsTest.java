package io.relais.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures are the database's: the cause chain is read, whatever wraps it. */
class DatabaseFaultsTest {

    @Test
    void aRollbackThatFailedBecauseTheConnectionDiedIsADatabaseFault() {
        // what Spring throws when the connection died in the transaction: the rollback error, the cause underneath
        var rollback = new TransactionSystemException("Could not roll back JPA transaction",
                new RuntimeException("Unable to rollback against JDBC Connection",
                        new SQLException("This connection has been closed.", "08003")));
        assertThat(DatabaseFaults.isDatabaseFault(rollback)).isTrue();
        // a statement cut by the server, wrapped by the ORM
        var terminated = new JpaSystemException(new RuntimeException(new SQLException(
                "FATAL: terminating connection due to administrator command", "57P01")));
        assertThat(DatabaseFaults.isDatabaseFault(terminated)).isTrue();
        // the cause hidden by a rollback failure, kept as the application exception
        var hidden = new TransactionSystemException("Could not roll back");
        hidden.initApplicationException(new IllegalStateException(new SQLException("I/O error", "08006")));
        assertThat(DatabaseFaults.isDatabaseFault(hidden)).isTrue();
        // a rollback that failed, whatever it says underneath (a rollback does not fail because of the data)
        assertThat(DatabaseFaults.isDatabaseFault(new JpaSystemException(new RuntimeException("x",
                new IllegalStateException("Unable to rollback against JDBC Connection"))))).isFalse();
        assertThat(DatabaseFaults.isDatabaseFault(new JpaSystemException(new org.hibernate.TransactionException(
                "Unable to rollback against JDBC Connection")))).isTrue();
        // suppressed and next exceptions count too
        var suppressed = new IllegalStateException("while closing");
        suppressed.addSuppressed(new SQLException("connection refused", "08001"));
        assertThat(DatabaseFaults.isDatabaseFault(suppressed)).isTrue();
        var chained = new SQLException("batch failed", "XX000");
        chained.setNextException(new SQLException("connection lost", "08006"));
        assertThat(DatabaseFaults.isDatabaseFault(chained)).isTrue();
    }

    @Test
    void aFailureOfTheDataIsNot() {
        assertThat(DatabaseFaults.isDatabaseFault(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(DatabaseFaults.isDatabaseFault(new IllegalArgumentException("bad charset"))).isFalse();
        assertThat(DatabaseFaults.isDatabaseFault(new TransactionSystemException("Could not commit",
                new SQLException("value too long for type character varying(8)", "22001")))).isFalse();
        // a cycle in a chain ends
        var a = new RuntimeException("a");
        var b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(DatabaseFaults.isDatabaseFault(a)).isFalse();
    }
}
