package io.relais.bench;

import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for PostgreSQL's autovacuum where the server runs with {@code autovacuum = off} (this machine's
 * PostgreSQL does; stock PostgreSQL, the peer's, has it on). Without it, a table that was empty when a
 * connection first planned a statement keeps being read whole by that cached plan however large it grows
 * (measured: mail_ingest at 66.8 mails/s and 9.0 ms of PostgreSQL CPU per mail, 99.1 and 3.6 ms once the
 * tables were analysed). So the bench applies autovacuum's own analyse rule on its schedule: every
 * {@code autovacuum_naptime}, each table changed by more than {@code autovacuum_analyze_threshold +
 * autovacuum_analyze_scale_factor × reltuples} rows since its last analyse is analysed. And its vacuum rules: a
 * table with more dead row versions than {@code autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor ×
 * reltuples}, or more rows inserted since its last vacuum than the {@code autovacuum_vacuum_insert_…} pair allows,
 * is vacuumed (until 2026-12-04 it was not: the outbox ended a 1 M run with 89,000 dead versions, and the
 * delivery poll's bitmap scan visited them all at every poll, which stock PostgreSQL would have cleaned). Nothing
 * is done when the server's autovacuum is on. The bench's results say which it was ({@link #report()}).
 */
final class Autovacuum implements AutoCloseable {
    private final Thread thread;
    private final AtomicInteger analysed = new AtomicInteger();
    private final boolean serverOn;
    private final int naptimeSeconds;
    private volatile boolean stopped;

    private final AtomicInteger vacuumed = new AtomicInteger();

    private Autovacuum(String url, String user, boolean serverOn, int naptimeSeconds, double scale, int threshold,
                       String vacuumDue, double costDelayMillis) {
        this.serverOn = serverOn;
        this.naptimeSeconds = naptimeSeconds;
        if (serverOn) {
            thread = null;
            return;
        }
        thread = new Thread(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(naptimeSeconds * 1000L);
                } catch (InterruptedException e) {
                    return;
                }
                try (var db = DriverManager.getConnection(url, user, "")) {
                    // paced as autovacuum paces itself, not as a manual VACUUM (unpaced) would run
                    db.createStatement().execute("set vacuum_cost_delay = " + costDelayMillis);
                    each(db, vacuumDue, "vacuum ", vacuumed);
                    each(db, "s.n_mod_since_analyze > " + threshold + " + " + scale + " * greatest(c.reltuples, 0)", "analyze ",
                            analysed);
                } catch (Exception e) {
                    System.err.println("bench autovacuum stand-in: " + e);
                }
            }
        }, "bench-autovacuum");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code command} on each user table that the condition (over pg_stat_user_tables s, pg_class c) picks. */
    private void each(java.sql.Connection db, String condition, String command, AtomicInteger done) throws java.sql.SQLException {
        var tables = new ArrayList<String>();
        try (var rs = db.createStatement().executeQuery("select quote_ident(s.schemaname) || '.' || quote_ident(s.relname)"
                + " from pg_stat_user_tables s join pg_class c on c.oid = s.relid where " + condition)) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (var table : tables) {
            if (stopped) {
                return;
            }
            db.createStatement().execute(command + table);
            done.incrementAndGet();
        }
    }

    /** Starts the stand-in when the server's autovacuum is off; a no-op otherwise. */
    static Autovacuum startIfOff(String url, String user) throws Exception {
        try (var db = DriverManager.getConnection(url, user, "")) {
            var on = "on".equals(setting(db, "autovacuum"));
            var naptime = Integer.parseInt(setting(db, "autovacuum_naptime"));
            var scale = Double.parseDouble(setting(db, "autovacuum_analyze_scale_factor"));
            var threshold = Integer.parseInt(setting(db, "autovacuum_analyze_threshold"));
            var vacuumDue = "s.n_dead_tup > " + setting(db, "autovacuum_vacuum_threshold") + " + "
                    + setting(db, "autovacuum_vacuum_scale_factor") + " * greatest(c.reltuples, 0)";
            var insertThreshold = Long.parseLong(setting(db, "autovacuum_vacuum_insert_threshold"));
            if (insertThreshold >= 0) {
                vacuumDue += " or s.n_ins_since_vacuum > " + insertThreshold + " + "
                        + setting(db, "autovacuum_vacuum_insert_scale_factor") + " * greatest(c.reltuples, 0)";
            }
            if (!on) {
                System.err.printf("PostgreSQL runs with autovacuum off: the bench vacuums and analyses changed tables every"
                        + " %d s as autovacuum would%n", naptime);
            }
            return new Autovacuum(url, user, on, naptime, scale, threshold, vacuumDue,
                    Double.parseDouble(setting(db, "autovacuum_vacuum_cost_delay")));
        }
    }

    private static String setting(java.sql.Connection db, String name) throws Exception {
        try (var st = db.prepareStatement("select setting from pg_settings where name = ?")) {
            st.setString(1, name);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    Map<String, Object> report() {
        var m = new LinkedHashMap<String, Object>();
        m.put("server_autovacuum", serverOn ? "on" : "off");
        if (!serverOn) {
            m.put("stand_in", "the bench vacuumed and analysed tables beyond autovacuum's thresholds every " + naptimeSeconds + " s");
            m.put("tables_vacuumed", vacuumed.get());
            m.put("tables_analysed", analysed.get());
        }
        return m;
    }

    @Override
    public void close() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
