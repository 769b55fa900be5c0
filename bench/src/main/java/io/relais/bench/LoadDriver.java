package io.relais.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Drives Relais's REST API like a client would (bearer token, one request at a time per client),
 * phase by phase: a warm-up, then rounds bounded in time and in requests. Reports per phase the
 * median over rounds of ops/s, p50/p95/p99 latency (client wall time of one request), errors, and
 * CPU milliseconds per operation of the Relais process and of PostgreSQL (from /proc), plus peak
 * heap and RSS of Relais. Loopback only: the base URL must be on this machine.
 */
public final class LoadDriver {
    static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    record Phase(String name, int clients, Function<SplittableRandom, HttpRequest> request) {}

    record Round(double opsPerSecond, double p50, double p95, double p99, long errors, long requests,
                 double relaisCpuMsPerOp, double pgCpuMsPerOp) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;
    private final long tickets;
    private final long relaisPid;
    private final int groups;
    private final long firstGroup;
    private final long firstContact;
    private final long firstCategory;
    private long peakHeap;
    private long peakRss;

    LoadDriver(String base, String token, long tickets, long relaisPid, long firstGroup, long firstContact, long firstCategory) {
        var host = URI.create(base).getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        this.base = base;
        this.token = token;
        this.tickets = tickets;
        this.relaisPid = relaisPid;
        this.groups = 3;
        this.firstGroup = firstGroup;
        this.firstContact = firstContact;
        this.firstCategory = firstCategory;
    }

    public static void main(String[] args) throws Exception {
        var base = Seeder.arg(args, "--base", "http://127.0.0.1:18080");
        var token = Files.readString(Path.of(Seeder.arg(args, "--token-file", "bench/results/tmp/token"))).trim();
        var tickets = Long.parseLong(Seeder.arg(args, "--tickets", "100000"));
        var pid = Long.parseLong(Seeder.arg(args, "--relais-pid", "0"));
        var rounds = Integer.parseInt(Seeder.arg(args, "--rounds", "3"));
        var seconds = Integer.parseInt(Seeder.arg(args, "--seconds", "15"));
        var cap = Integer.parseInt(Seeder.arg(args, "--max-requests", "20000"));
        var warmup = Integer.parseInt(Seeder.arg(args, "--warmup-seconds", "5"));
        var only = Seeder.arg(args, "--phases", "");
        var out = Path.of(Seeder.arg(args, "--out", "bench/results/result.json"));
        var ids = Seeder.arg(args, "--ids", "1,1,1").split(",");
        var driver = new LoadDriver(base, token, tickets, pid, Long.parseLong(ids[0]), Long.parseLong(ids[1]), Long.parseLong(ids[2]));
        var dbUrl = Seeder.arg(args, "--db-url", "");
        var autovacuum = dbUrl.isEmpty() ? null : Autovacuum.startIfOff(dbUrl, Seeder.arg(args, "--db-user", "postgres"));
        // Every creation acknowledges by mail and every public reply mails the customer, as on a real desk.
        var mailbox = dbUrl.isEmpty() ? null : SupportMailbox.start(dbUrl, Seeder.arg(args, "--db-user", "postgres"));
        driver.probeStart = cpuProbe();
        System.err.printf("CPU probe: %.0f MiB/s of SHA-256 on one thread%n", driver.probeStart);
        // The search index: rebuilt from the seeded rows (timed), or whatever build Relais started on its own awaited.
        var index = driver.searchIndex(Boolean.parseBoolean(Seeder.arg(args, "--rebuild-index", "false")));
        var jvmWarmup = Integer.parseInt(Seeder.arg(args, "--jvm-warmup-seconds", "120"));
        driver.warmUpJvm(jvmWarmup);
        var results = new LinkedHashMap<String, Object>();
        if (index != null) {
            results.put("index_rebuild", index);
        }
        for (var phase : driver.phases()) {
            if (!only.isEmpty() && !Arrays.asList(only.split(",")).contains(phase.name())) {
                continue;
            }
            results.put(phase.name(), driver.run(phase, rounds, seconds, cap, warmup));
        }
        if (mailbox != null) {
            // what the creation and reply phases sent; the mail phases bring mailboxes of their own
            Thread.sleep(2000);
            results.put("notifications", mailbox.report());
            mailbox.close();
        }
        var mailMessages = Integer.parseInt(Seeder.arg(args, "--mail-messages", "0"));
        if (mailMessages > 0 && (only.isEmpty() || Arrays.asList(only.split(",")).contains("mail_ingest"))) {
            results.put("mail_ingest", MailIngest.run(Seeder.arg(args, "--db-url", ""), Seeder.arg(args, "--db-user", "postgres"),
                    System.getenv("RELAIS_SECRET_KEY"), pid, mailMessages,
                    Integer.parseInt(Seeder.arg(args, "--mail-warmup", "5000")), 42));
        }
        var gatewayMessages = Integer.parseInt(Seeder.arg(args, "--gateway-messages", "0"));
        if (gatewayMessages > 0 && (only.isEmpty() || Arrays.asList(only.split(",")).contains("mail_gateway"))) {
            results.put("mail_gateway", MailGateway.run(Seeder.arg(args, "--db-url", ""), Seeder.arg(args, "--db-user", "postgres"),
                    base, pid, gatewayMessages, 43));
        }
        var recompute = Integer.parseInt(Seeder.arg(args, "--sla-recompute", "100000"));
        if (recompute > 0 && (only.isEmpty() || Arrays.asList(only.split(",")).contains("sla_recompute"))) {
            results.put("sla_recompute", driver.slaRecompute(recompute, 5000));
        }
        if (autovacuum != null) {
            autovacuum.close();
        }
        driver.probeEnd = cpuProbe();
        var json = driver.report(results, tickets, rounds, seconds, cap, autovacuum == null ? null : autovacuum.report());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json);
        printTable(results);
        System.out.println("JSON: " + out);
        if (Boolean.parseBoolean(Seeder.arg(args, "--fail-on-errors", "false"))) {
            var failed = results.values().stream().map(v -> (Map<?, ?>) v)
                    .flatMap(m -> java.util.stream.Stream.concat(java.util.stream.Stream.of(m),
                            m.values().stream().filter(Map.class::isInstance).map(v -> (Map<?, ?>) v)))
                    .anyMatch(m -> (m.get("errors") instanceof Long n && n > 0)
                            || (m.get("taken") instanceof Long taken && m.get("messages") instanceof Integer all && taken < all));
            if (failed) {
                System.err.println("some requests failed: see the errors column");
                System.exit(1);
            }
        }
    }

    List<Phase> phases() {
        var created = new AtomicLong();
        return List.of(
                new Phase("create_c1", 1, r -> create(r, created)),
                new Phase("create_c8", 8, r -> create(r, created)),
                new Phase("get_ticket", 1, r -> get(ticketPath(1 + r.nextLong(tickets)))),
                new Phase("list_queue_open_p1", 1, r -> get(queuePath(firstGroup + r.nextInt(groups), false))),
                new Phase("list_queue_due", 1, r -> get(queuePath(firstGroup + r.nextInt(groups), true))),
                new Phase("search_subject", 1, r -> get(subjectSearchPath(WORDS[r.nextInt(WORDS.length)]))),
                new Phase("search_fulltext", 1, r -> get(textSearchPath(TEXT_WORDS[r.nextInt(TEXT_WORDS.length)]))),
                new Phase("reply", 1, r -> post("/api/v1/tickets/" + (1 + r.nextLong(tickets)) + "/replies",
                        "{\"body\":\"Hello, we are looking into it. Reference " + r.nextInt(1_000_000) + ".\"}")),
                new Phase("comment", 1, r -> post("/api/v1/tickets/" + (1 + r.nextLong(tickets)) + "/notes",
                        "{\"body\":\"Checked the logs on the server, nothing unusual (" + r.nextInt(1_000_000) + ").\"}")));
    }

    // The read phases' requests (bench/plans.sh explains the same ones).
    static String ticketPath(long id) {
        return "/api/v1/tickets/" + id;
    }

    static String queuePath(long groupId, boolean byDue) {
        return "/api/v1/tickets?view=OPEN&limit=50" + (byDue ? "&sort=DUE_ASC" : "") + "&groupId=" + groupId;
    }

    static String subjectSearchPath(String word) {
        return "/api/v1/search/tickets?limit=50&q=subject:" + URLEncoder.encode(word, StandardCharsets.UTF_8);
    }

    static String textSearchPath(String words) {
        return "/api/v1/search/tickets?limit=50&q=" + URLEncoder.encode(words, StandardCharsets.UTF_8);
    }

    static final String[] WORDS = {"printer", "imprimante", "VPN", "Outlook", "Wi-Fi", "ThinkPad", "bloqué", "ERP",
            "password", "Latitude"};
    /**
     * Words of the messages, common and rare, stemmed forms, codes and a phrase: what agents type. Each is in the
     * seeded texts (until 2026-11-25 two were not, "badge" and "toner": a sixth of the searches found nothing and
     * cost next to nothing, which flattered the phase's percentiles).
     */
    static final String[] TEXT_WORDS = {"imprimantes", "printers", "0x80070005", "ORA-12541", "Outlook", "bourrage",
            "\"paper jam\"", "Teams", "Citrix", "mot de passe", "Lyon", "GlobalProtect"};

    private HttpRequest create(SplittableRandom r, AtomicLong created) {
        created.incrementAndGet();
        var requester = firstContact + r.nextInt(Seeder.ORGANIZATIONS * Seeder.REQUESTERS_PER_ORG);
        return post("/api/v1/tickets", "{\"subject\":\"Bench: printer " + r.nextInt(10_000) + " offline\","
                + "\"description\":\"The printer on floor " + r.nextInt(9) + " shows error 0x80070005 since this morning.\","
                + "\"requesterId\":" + requester + ",\"categoryId\":" + firstCategory + ",\"impact\":\"USER\",\"urgency\":\"MEDIUM\","
                + "\"groupId\":" + (firstGroup + r.nextInt(groups)) + "}");
    }

    HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build();
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /**
     * Before the first measured phase, every phase in turn for a few seconds, so that the JIT has
     * compiled the server's hot paths and the first phase is not charged with it.
     */
    void warmUpJvm(int seconds) throws Exception {
        if (seconds <= 0) {
            return;
        }
        System.err.printf("JVM warm-up: %d s over all phases%n", seconds);
        var phases = phases();
        var slice = Math.max(1, seconds / phases.size());
        for (var phase : phases) {
            drive(new Phase(phase.name(), 1, phase.request()), slice, 5_000, 7);
        }
    }

    Map<String, Object> run(Phase phase, int rounds, int seconds, int cap, int warmupSeconds) throws Exception {
        System.err.printf("phase %s: warm-up %d s%n", phase.name(), warmupSeconds);
        drive(phase, warmupSeconds, Math.max(100, cap / 4), 1);
        var results = new ArrayList<Round>();
        for (int round = 0; round < rounds; round++) {
            results.add(drive(phase, seconds, cap, 1000 + round));
            System.err.printf("phase %s round %d: %.1f ops/s p50 %.2f ms%n", phase.name(), round + 1,
                    results.get(round).opsPerSecond(), results.get(round).p50());
            sampleMemory();
        }
        var m = new LinkedHashMap<String, Object>();
        m.put("clients", phase.clients());
        m.put("ops_per_s", median(results.stream().mapToDouble(Round::opsPerSecond).toArray()));
        m.put("p50_ms", median(results.stream().mapToDouble(Round::p50).toArray()));
        m.put("p95_ms", median(results.stream().mapToDouble(Round::p95).toArray()));
        m.put("p99_ms", median(results.stream().mapToDouble(Round::p99).toArray()));
        m.put("errors", results.stream().mapToLong(Round::errors).sum());
        m.put("requests", results.stream().mapToLong(Round::requests).sum());
        m.put("relais_cpu_ms_per_op", median(results.stream().mapToDouble(Round::relaisCpuMsPerOp).toArray()));
        m.put("pg_cpu_ms_per_op", median(results.stream().mapToDouble(Round::pgCpuMsPerOp).toArray()));
        return m;
    }

    /** One round: {@code clients} threads, each sending one request at a time, until the time or the request cap. */
    Round drive(Phase phase, int seconds, int cap, long seed) throws Exception {
        var deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        var remaining = new AtomicLong(cap);
        var errors = new AtomicLong();
        var latencies = new long[phase.clients()][];
        var counts = new int[phase.clients()];
        var threads = new ArrayList<Thread>();
        var relaisBefore = cpuTicks(relaisPid);
        var pgBefore = postgresTicks();
        var started = System.nanoTime();
        for (int c = 0; c < phase.clients(); c++) {
            final int client = c;
            latencies[c] = new long[cap];
            var t = new Thread(() -> {
                var random = new SplittableRandom(seed * 7919 + client);
                while (System.nanoTime() < deadline && remaining.getAndDecrement() > 0) {
                    var request = phase.request().apply(random);
                    var t0 = System.nanoTime();
                    try {
                        var response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() >= 300) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    latencies[client][counts[client]++] = System.nanoTime() - t0;
                }
            });
            threads.add(t);
            t.start();
        }
        for (var t : threads) {
            t.join();
        }
        var elapsed = (System.nanoTime() - started) / 1e9;
        var total = Arrays.stream(counts).sum();
        var all = new long[total];
        int k = 0;
        for (int c = 0; c < phase.clients(); c++) {
            System.arraycopy(latencies[c], 0, all, k, counts[c]);
            k += counts[c];
        }
        Arrays.sort(all);
        var relaisMs = (cpuTicks(relaisPid) - relaisBefore) * 1000.0 / CLOCK_TICKS;
        var pgMs = (postgresTicks() - pgBefore) * 1000.0 / CLOCK_TICKS;
        return new Round(total / elapsed, pct(all, 50), pct(all, 95), pct(all, 99), errors.get(), total,
                total == 0 ? 0 : relaisMs / total, total == 0 ? 0 : pgMs / total);
    }

    private void sampleMemory() {
        try {
            var request = HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).header("Authorization", "Bearer " + token)
                    .header("Accept", "text/plain;version=0.0.4").timeout(Duration.ofSeconds(30)).GET().build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.err.println("heap not sampled: /actuator/prometheus answered " + response.statusCode());
                return;
            }
            var metrics = response.body();
            long heap = 0;
            for (var line : metrics.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            peakHeap = Math.max(peakHeap, heap);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            System.err.println("heap not sampled: " + e);
        }
        if (relaisPid > 0) {
            try {
                for (var line : Files.readAllLines(Path.of("/proc/" + relaisPid + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        peakRss = Math.max(peakRss, Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                    }
                }
            } catch (IOException e) {
                System.err.println("RSS not sampled: " + e);
            }
        }
    }

    /** utime + stime of a process (and its threads), in clock ticks. */
    static long cpuTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            var stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * CPU of every PostgreSQL process (server and backends), in clock ticks, including backends that have
     * ended since (their CPU is added to the server's children time when it reaps them): the import command's
     * connections end with it.
     */
    static long postgresTicks() {
        long sum = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (var p : (Iterable<Path>) procs::iterator) {
                var name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    var stat = Files.readString(p.resolve("stat"));
                    var comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.startsWith("postgres")) {
                        sum += cpuTicks(Long.parseLong(name));
                        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        sum += Long.parseLong(fields[13]) + Long.parseLong(fields[14]); // cutime + cstime
                    }
                } catch (IOException | RuntimeException ignored) {
                    // The process ended between the listing and the read: nothing to count.
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    double probeStart;
    double probeEnd;

    /**
     * How fast this machine's CPU is right now: SHA-256 over 32 MiB on one thread, best of five (MiB/s). The same
     * virtual machine has measured 1.5 to 2.4 times slower on some days (a shared host). A probe far from another
     * run's says the machine differs; a close one does not prove it is the same (on 2026-11-25 it moved 11 % while
     * the index rebuild's CPU per document moved 55 %): compare that too.
     */
    public static double cpuProbe() throws Exception {
        var buffer = new byte[1 << 20];
        new java.util.SplittableRandom(7).nextBytes(buffer);
        double best = 0;
        for (int attempt = 0; attempt < 6; attempt++) {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            var started = System.nanoTime();
            for (int i = 0; i < 32; i++) {
                digest.update(buffer);
            }
            digest.digest();
            var mibPerS = 32 / ((System.nanoTime() - started) / 1e9);
            if (attempt > 0) { // the first one warms the JIT up
                best = Math.max(best, mibPerS);
            }
        }
        return best;
    }

    private String report(Map<String, Object> phases, long tickets, int rounds, int seconds, int cap, Map<String, Object> autovacuum)
            throws IOException {
        var m = new LinkedHashMap<String, Object>();
        m.put("date", Instant.now().toString());
        m.put("tickets", tickets);
        m.put("rounds", rounds);
        m.put("round_seconds", seconds);
        m.put("round_request_cap", cap);
        var machine = new LinkedHashMap<String, Object>(Map.of("cpus", Runtime.getRuntime().availableProcessors(),
                "memory_gib", memoryGib(), "cpu_model", cpuModel(), "os", System.getProperty("os.name") + " " + System.getProperty("os.version")));
        machine.put("cpu_probe_sha256_mib_per_s", Map.of("start", Math.round(probeStart), "end", Math.round(probeEnd)));
        m.put("machine", machine);
        m.put("versions", Map.of("driver_java", System.getProperty("java.version"),
                "relais_git", System.getenv().getOrDefault("RELAIS_GIT", "?"),
                "relais_java", System.getenv().getOrDefault("RELAIS_JAVA", "?"),
                "postgresql", System.getenv().getOrDefault("RELAIS_PG_VERSION", "?")));
        m.put("phases", phases);
        if (autovacuum != null) {
            m.put("postgresql_statistics", autovacuum);
        }
        m.put("memory", Map.of("peak_heap_mib", peakHeap / (1024 * 1024), "peak_rss_mib", peakRss / (1024 * 1024)));
        return Json.write(m) + "\n";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static long memoryGib() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / (1024 * 1024)).findFirst().orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Recomputes the SLA clocks of the first {@code max} active tickets from their timelines, through
     * {@code POST /api/v1/sla/recompute} in batches of {@code batch}, once: tickets/s, Relais and PostgreSQL CPU per ticket.
     */
    /**
     * With {@code rebuild}: asks Relais to rebuild its search index from the database and times it (documents/s,
     * CPU of Relais and PostgreSQL per document). Without: waits for a build Relais started itself (an empty index).
     */
    Map<String, Object> searchIndex(boolean rebuild) throws IOException, InterruptedException {
        var relaisBefore = cpuTicks(relaisPid);
        var pgBefore = postgresTicks();
        var started = System.nanoTime();
        if (rebuild) {
            var response = http.send(post("/api/v1/search/reindex", ""), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("the index rebuild was refused: " + response.statusCode() + " " + response.body());
            }
            System.err.println("search index: rebuilding");
        }
        String body = "";
        long lastPrint = 0;
        for (int i = 0; i < 36_000; i++) { // at most an hour
            body = http.send(get("/api/v1/search/reindex"), HttpResponse.BodyHandlers.ofString()).body();
            if (!body.contains("\"running\":true")) {
                break;
            }
            if (System.nanoTime() - lastPrint > 30_000_000_000L) {
                lastPrint = System.nanoTime();
                System.err.println("search index: " + body.replaceAll(".*\"done\":(\\d+),\"total\":(\\d+).*", "$1 of $2"));
            }
            sampleMemory();
            Thread.sleep(100);
        }
        if (!rebuild) {
            return null;
        }
        var seconds = (System.nanoTime() - started) / 1e9;
        var done = Long.parseLong(body.replaceAll(".*\"done\":(\\d+).*", "$1"));
        var m = new LinkedHashMap<String, Object>();
        m.put("documents", done);
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        m.put("documents_per_s", Math.round(done / seconds * 10) / 10.0);
        m.put("error", body.contains("\"error\":\"") ? body : null);
        m.put("relais_cpu_ms_per_document", done == 0 ? 0 : (cpuTicks(relaisPid) - relaisBefore) * 1000.0 / CLOCK_TICKS / done);
        m.put("pg_cpu_ms_per_document", done == 0 ? 0 : (postgresTicks() - pgBefore) * 1000.0 / CLOCK_TICKS / done);
        return m;
    }

    Map<String, Object> slaRecompute(int max, int batch) throws IOException, InterruptedException {
        var relaisBefore = cpuTicks(relaisPid);
        var pgBefore = postgresTicks();
        var started = System.nanoTime();
        long after = 0;
        int done = 0;
        long errors = 0;
        var batches = new ArrayList<Long>();
        while (done < max) {
            var t0 = System.nanoTime();
            var response = http.send(post("/api/v1/sla/recompute?afterId=" + after + "&limit=" + Math.min(batch, max - done), ""),
                    HttpResponse.BodyHandlers.ofString());
            batches.add(System.nanoTime() - t0);
            if (response.statusCode() != 200) {
                errors++;
                break;
            }
            var body = response.body();
            var n = Integer.parseInt(body.replaceAll(".*\"recomputed\":(\\d+).*", "$1"));
            if (n == 0) {
                break;
            }
            done += n;
            after = Long.parseLong(body.replaceAll(".*\"lastTicketId\":(\\d+).*", "$1"));
            sampleMemory();
        }
        var seconds = (System.nanoTime() - started) / 1e9;
        var m = new LinkedHashMap<String, Object>();
        m.put("tickets", done);
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        m.put("tickets_per_s", Math.round(done / seconds * 10) / 10.0);
        m.put("batch", batch);
        m.put("batch_p50_ms", batches.isEmpty() ? 0 : batches.stream().sorted().toList().get(batches.size() / 2) / 1e6);
        m.put("errors", errors);
        m.put("relais_cpu_ms_per_ticket", done == 0 ? 0 : (cpuTicks(relaisPid) - relaisBefore) * 1000.0 / CLOCK_TICKS / done);
        m.put("pg_cpu_ms_per_ticket", done == 0 ? 0 : (postgresTicks() - pgBefore) * 1000.0 / CLOCK_TICKS / done);
        return m;
    }

    private static void printTable(Map<String, Object> results) {
        System.out.printf("%-20s %8s %9s %9s %9s %7s %11s %11s%n", "phase", "ops/s", "p50 ms", "p95 ms", "p99 ms", "errors",
                "relais ms/op", "pg ms/op");
        results.forEach((name, value) -> {
            @SuppressWarnings("unchecked")
            var m = (Map<String, Object>) value;
            if (m.containsKey("skipped")) {
                System.out.printf("%-20s %s%n", name, "skipped: " + m.get("skipped"));
                return;
            }
            if (m.containsKey("received_by_smtp")) {
                System.out.printf("%-20s %s%n", name, m);
                return;
            }
            if (m.containsKey("tickets_per_s")) {
                System.out.printf(Locale.ROOT, "%-20s %8.1f tickets/s, %d tickets in %.1f s, %d errors %11.2f %11.2f%n", name,
                        m.get("tickets_per_s"), m.get("tickets"), m.get("seconds"), m.get("errors"),
                        m.get("relais_cpu_ms_per_ticket"), m.get("pg_cpu_ms_per_ticket"));
                return;
            }
            if (m.containsKey("documents_per_s")) {
                System.out.printf(Locale.ROOT, "%-20s %8.1f documents/s, %d in %.1f s %11.2f %11.2f%n", name,
                        m.get("documents_per_s"), m.get("documents"), m.get("seconds"),
                        m.get("relais_cpu_ms_per_document"), m.get("pg_cpu_ms_per_document"));
                return;
            }
            if (m.containsKey("clients_1")) {
                for (var clients : List.of("clients_1", "clients_8")) {
                    @SuppressWarnings("unchecked")
                    var c = (Map<String, Object>) m.get(clients);
                    System.out.printf(Locale.ROOT, "%-20s %8.1f %9.2f %9s %9.2f %7d %11.2f %11.2f  (%d messages)%n", name + " " + clients,
                            c.get("mails_per_s"), c.get("p50_ms"), "", c.get("p99_ms"), c.get("errors"),
                            c.get("relais_cpu_ms_per_mail"), c.get("pg_cpu_ms_per_mail"), c.get("messages"));
                }
                return;
            }
            if (m.containsKey("mails_per_s")) {
                System.out.printf(Locale.ROOT, "%-20s %8.1f mails/s, %d of %d taken in %.1f s %11.2f %11.2f%n", name,
                        m.get("mails_per_s"), m.get("taken"), m.get("messages"), m.get("seconds"),
                        m.get("relais_cpu_ms_per_mail"), m.get("pg_cpu_ms_per_mail"));
                return;
            }
            System.out.printf(Locale.ROOT, "%-20s %8.1f %9.2f %9.2f %9.2f %7d %11.2f %11.2f%n", name, m.get("ops_per_s"),
                    m.get("p50_ms"), m.get("p95_ms"), m.get("p99_ms"), m.get("errors"), m.get("relais_cpu_ms_per_op"),
                    m.get("pg_cpu_ms_per_op"));
        });
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        var index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static double median(double[] values) {
        var v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? 0 : v[v.length / 2];
    }
}
