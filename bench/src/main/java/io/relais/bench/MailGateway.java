package io.relais.bench;

import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mail_gateway phase: {@code count} varied messages (the mail_ingest ones) posted to
 * {@code POST /api/v1/inbound/mail} by 1 client, then {@code count} others by 8 clients, as a mail server's
 * pipe would; each answer waited for (the message is stored when it returns). Reports messages per second,
 * latency percentiles, errors, and Relais's and PostgreSQL's CPU per message.
 */
final class MailGateway {
    private MailGateway() {}

    static Map<String, Object> run(String dbUrl, String dbUser, String base, long relaisPid, int count, long seed) throws Exception {
        var secret = "rlg_bench" + Long.toString(System.nanoTime(), 36);
        var address = "gateway-" + System.currentTimeMillis() + "@bench.test";
        List<String> senders;
        try (var db = DriverManager.getConnection(dbUrl, dbUser, "")) {
            senders = mailboxWithoutServer(db, "Bench gateway " + address, address);
            try (var st = db.prepareStatement("insert into mail_gateway_token (name, token_hash, prefix, created_at) values (?, ?, ?, now())")) {
                st.setString(1, "bench");
                st.setString(2, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8))));
                st.setString(3, secret.substring(0, 10));
                st.executeUpdate();
            }
        }
        var session = Session.getInstance(new Properties());
        var random = new SplittableRandom(seed);
        var previous = new ArrayList<String[]>();
        var out = new LinkedHashMap<String, Object>();
        var http = HttpClient.newHttpClient(); // its default executor has daemon threads: the driver can exit
        int offset = 0;
        for (var clients : List.of(1, 8)) {
            var messages = new ArrayList<byte[]>(count);
            for (int i = 0; i < count; i++) {
                var bytes = new ByteArrayOutputStream();
                MailIngest.message(session, random, offset + i, address, senders, previous).writeTo(bytes);
                messages.add(bytes.toByteArray());
            }
            offset += count;
            out.put("clients_" + clients, post(http, base, secret, address, messages, clients, relaisPid));
        }
        out.put("note", "each post waits for its answer: the message is stored (ticket, follow-up or quarantine) when it returns");
        return out;
    }

    private static Map<String, Object> post(HttpClient http, String base, String secret, String address, List<byte[]> messages,
                                            int clients, long relaisPid) throws Exception {
        var next = new AtomicInteger();
        var errors = new AtomicLong();
        var latencies = new long[messages.size()];
        var outcomes = new java.util.concurrent.ConcurrentHashMap<String, Long>();
        var uri = URI.create(base + "/api/v1/inbound/mail?recipient=" + java.net.URLEncoder.encode(address, StandardCharsets.UTF_8));
        var relaisBefore = LoadDriver.cpuTicks(relaisPid);
        var pgBefore = LoadDriver.postgresTicks();
        var started = System.nanoTime();
        var pool = Executors.newFixedThreadPool(clients);
        try {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < messages.size()) {
                        var t0 = System.nanoTime();
                        try {
                            var answer = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + secret)
                                    .header("Content-Type", "message/rfc822").POST(HttpRequest.BodyPublishers.ofByteArray(messages.get(i)))
                                    .build(), HttpResponse.BodyHandlers.ofString());
                            if (answer.statusCode() != 200 && answer.statusCode() != 202) {
                                errors.incrementAndGet();
                            } else {
                                var m = java.util.regex.Pattern.compile("\"outcome\":\"(\\w+)\"").matcher(answer.body());
                                outcomes.merge(m.find() ? m.group(1) : "?", 1L, Long::sum);
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        latencies[i] = System.nanoTime() - t0;
                    }
                    return null;
                });
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS);
        }
        var seconds = (System.nanoTime() - started) / 1e9;
        var relaisMs = (LoadDriver.cpuTicks(relaisPid) - relaisBefore) * 1000.0 / LoadDriver.CLOCK_TICKS;
        var pgMs = (LoadDriver.postgresTicks() - pgBefore) * 1000.0 / LoadDriver.CLOCK_TICKS;
        var sorted = latencies.clone();
        Arrays.sort(sorted);
        var m = new LinkedHashMap<String, Object>();
        m.put("messages", messages.size());
        m.put("errors", errors.get());
        m.put("mails_per_s", Math.round(messages.size() / seconds * 10) / 10.0);
        m.put("p50_ms", Math.round(pct(sorted, 50) * 100) / 100.0);
        m.put("p99_ms", Math.round(pct(sorted, 99) * 100) / 100.0);
        m.put("relais_cpu_ms_per_mail", Math.round(relaisMs / messages.size() * 100) / 100.0);
        m.put("pg_cpu_ms_per_mail", Math.round(pgMs / messages.size() * 100) / 100.0);
        m.put("outcomes", new java.util.TreeMap<>(outcomes));
        return m;
    }

    /**
     * A mailbox without a mail server (mail comes by the gateway or an import), in the first group, inserted in
     * SQL; returns the addresses of up to 600 seeded contacts to write from.
     */
    static List<String> mailboxWithoutServer(java.sql.Connection db, String name, String address) throws java.sql.SQLException {
        long groupId;
        try (var rs = db.createStatement().executeQuery("select id from agent_group order by id limit 1")) {
            rs.next();
            groupId = rs.getLong(1);
        }
        try (var st = db.prepareStatement("insert into mailbox (name, address, inbound_protocol, inbound_folder, poll_seconds,"
                + " outbound_security, default_group_id, active, created_at) values (?, ?, 'NONE', 'INBOX', 60, 'NONE', ?, true, now())")) {
            st.setString(1, name);
            st.setString(2, address);
            st.setLong(3, groupId);
            st.executeUpdate();
        }
        var senders = new ArrayList<String>();
        try (var rs = db.createStatement().executeQuery("select email from contact where email is not null order by id limit 600")) {
            while (rs.next()) {
                senders.add(rs.getString(1));
            }
        }
        return senders;
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        var index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
