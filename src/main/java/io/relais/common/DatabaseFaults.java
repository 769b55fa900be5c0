package io.relais.common;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.NonTransientDataAccessResourceException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether a failure is the database's (unreachable, connection cut, server shutting down, a transaction that could
 * not be rolled back) rather than the data's. A connection that dies inside a transaction surfaces as whatever the
 * next step hit — often "Unable to rollback against JDBC Connection", which hides the cause — so the whole chain is
 * read: causes and suppressed exceptions, the SQL state of every {@link SQLException} met. A caller that sees such a
 * fault leaves its input where it is and tries again later; it never files the input as bad.
 */
public final class DatabaseFaults {
    private DatabaseFaults() {}

    /** At most this many throwables are looked at (a chain is short; a cycle or a huge tree is not walked forever). */
    private static final int MAX_WALK = 64;

    public static boolean isDatabaseFault(Throwable failure) {
        var seen = Collections.newSetFromMap(new IdentityHashMap<Throwable, Boolean>());
        return walk(failure, seen);
    }

    private static boolean walk(Throwable t, Set<Throwable> seen) {
        if (t == null || seen.size() >= MAX_WALK || !seen.add(t)) {
            return false;
        }
        if (t instanceof TransientDataAccessException || t instanceof NonTransientDataAccessResourceException
                || t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof SQLRecoverableException) {
            return true;
        }
        // A commit or rollback that failed: the database's fault when what it hid or what made it fail is
        // (a data error at commit stays the message's)
        if (t instanceof TransactionSystemException tx && walk(tx.getApplicationException(), seen)) {
            return true;
        }
        if (t instanceof SQLException sql && connectionState(sql.getSQLState())) {
            return true;
        }
        // Hibernate's own wrapper of a lost connection, without a compile-time dependency on its name
        if (t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
            return true;
        }
        // A rollback that failed: no data makes a rollback fail, the connection or the server did (and Spring's
        // TransactionTemplate then throws the rollback's error, the cause only logged)
        if (rollbackFailure(t)) {
            return true;
        }
        if (t instanceof SQLException sql) {
            for (var next = sql.getNextException(); next != null && seen.size() < MAX_WALK; next = next.getNextException()) {
                if (walk(next, seen)) {
                    return true;
                }
            }
        }
        for (var s : t.getSuppressed()) {
            if (walk(s, seen)) {
                return true;
            }
        }
        return walk(t.getCause(), seen);
    }

    private static boolean rollbackFailure(Throwable t) {
        var message = t.getMessage() == null ? "" : Letters.lower(t.getMessage());
        var name = t.getClass().getName();
        return (name.equals("org.hibernate.TransactionException") || t instanceof TransactionSystemException
                || t instanceof org.springframework.orm.jpa.JpaSystemException)
                && (message.contains("unable to rollback") || message.contains("could not roll back"));
    }

    /**
     * SQL states that say the connection or the server failed, not the statement: class 08 (connection exception),
     * 57P01–57P05 (PostgreSQL: terminated by an administrator, crash shutdown, cannot connect now, idle session
     * timeout), 53 (insufficient resources: too many connections, out of memory or disk), 58 (system error).
     */
    static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                || state.startsWith("58"));
    }
}
