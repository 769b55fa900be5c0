package io.relais;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * A transaction a test holds open on its own connection, to make two writers meet where it wants them: rows it
 * locked or wrote stay locked until {@link #commit()} or {@link #close()} (a rollback). {@link #awaitWaiting} waits
 * until the application's sessions stand in the lock queue, as PostgreSQL ({@code pg_stat_activity}) or H2
 * ({@code information_schema.sessions}) report it: the interleaving is then certain, not a matter of timing.
 */
public final class HeldLock implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final DataSource dataSource;
    private final Connection connection;

    private HeldLock(DataSource dataSource) throws SQLException {
        this.dataSource = dataSource;
        this.connection = dataSource.getConnection();
        connection.setAutoCommit(false);
    }

    /** Opens a transaction and runs {@code sql} in it (a {@code select … for update}, an insert, an update). */
    public static HeldLock take(DataSource dataSource, String sql, Object... params) throws SQLException {
        var lock = new HeldLock(dataSource);
        lock.run(sql, params);
        return lock;
    }

    /** Another statement in the same open transaction. */
    public HeldLock run(String sql, Object... params) throws SQLException {
        try (var st = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            st.execute();
        }
        return this;
    }

    /**
     * Waits until at least {@code sessions} other sessions whose statement mentions {@code table} wait for a lock,
     * or until {@code orElse} holds (a writer that gave up at once: H2 refuses some conflicts without waiting).
     */
    public void awaitWaiting(int sessions, String table, BooleanSupplier orElse) throws Exception {
        var until = Instant.now().plus(PATIENCE);
        while (waiting(table) < sessions && !orElse.getAsBoolean()) {
            assertThat(Instant.now()).as(sessions + " writers waiting on " + table).isBefore(until);
            Thread.sleep(10);
        }
    }

    public void awaitWaiting(int sessions, String table) throws Exception {
        awaitWaiting(sessions, table, () -> false);
    }

    private int waiting(String table) throws SQLException {
        var sql = TestDatabases.postgres()
                ? "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
                        + " and pid <> pg_backend_pid() and lower(query) like ?"
                : "select count(*) from information_schema.sessions where blocker_id is not null"
                        + " and lower(executing_statement) like ?";
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(sql)) {
            st.setString(1, "%" + table.toLowerCase(java.util.Locale.ROOT) + "%");
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public void commit() throws SQLException {
        connection.commit();
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } finally {
            connection.setAutoCommit(true);
            connection.close();
        }
    }
}
