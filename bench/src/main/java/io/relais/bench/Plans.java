package io.relais.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends each read phase's request to a Relais whose database sessions explain every statement (PostgreSQL's
 * auto_explain, set up by bench/plans.sh), and collects what each request cost: the plans of its statements from the
 * server log, and for a search the Lucene query Relais logged. One warm-up request first, so that the plans are those
 * of warm caches, as in the measured phases.
 */
public final class Plans {
    private static final int WARM_UP = 20;
    /** A SHA-256 in hex (the API token's hash in the authentication statement): not written to a committed file. */
    private static final java.util.regex.Pattern DIGEST = java.util.regex.Pattern.compile("\\b[0-9a-f]{64}\\b");

    private final LoadDriver driver;
    private final Path pgLog;
    private final Path relaisLog;
    private final String db;
    private final HttpClient http = HttpClient.newHttpClient();
    private final StringBuilder out = new StringBuilder();
    private int sqlPlans;
    private int searchPlans;

    private Plans(LoadDriver driver, Path pgLog, Path relaisLog, String db) {
        this.driver = driver;
        this.pgLog = pgLog;
        this.relaisLog = relaisLog;
        this.db = db;
    }

    public static void main(String[] args) throws Exception {
        var token = Files.readString(Path.of(Seeder.arg(args, "--token-file", "bench/results/tmp/token"))).trim();
        var tickets = Long.parseLong(Seeder.arg(args, "--tickets", "100000"));
        var ids = Seeder.arg(args, "--ids", "1,1,1").split(",");
        long firstGroup = Long.parseLong(ids[0]);
        var driver = new LoadDriver(Seeder.arg(args, "--base", "http://127.0.0.1:18080"), token, tickets, 0, firstGroup,
                Long.parseLong(ids[1]), Long.parseLong(ids[2]));
        var db = Seeder.arg(args, "--db", "relais_bench");
        var plans = new Plans(driver, Path.of(Seeder.arg(args, "--pg-log", "")), Path.of(Seeder.arg(args, "--relais-log", "")), db);
        plans.out.append("# Query plans of the read phases, ").append(Instant.now()).append(", database ").append(db)
                .append(", ").append(tickets).append(" tickets\n")
                .append("# PostgreSQL: every statement of the request, auto_explain (analyze, buffers) as the server ran it;\n")
                .append("# search: the Lucene query, its time and hit count as Relais logged them. After " + WARM_UP + " warm-up requests each.\n");

        plans.request("get_ticket", LoadDriver.ticketPath(Math.max(1, tickets / 2)));
        for (long g = firstGroup; g < firstGroup + 3; g++) {
            plans.request("list_queue_open_p1", LoadDriver.queuePath(g, false));
        }
        plans.request("list_queue_due", LoadDriver.queuePath(firstGroup, true));
        for (var word : LoadDriver.WORDS) {
            plans.request("search_subject", LoadDriver.subjectSearchPath(word));
        }
        for (var words : LoadDriver.TEXT_WORDS) {
            plans.request("search_fulltext", LoadDriver.textSearchPath(words));
        }

        var file = Path.of(Seeder.arg(args, "--out", "bench/results/plans.txt"));
        Files.writeString(file, plans.out);
        System.out.print(plans.out);
        System.out.println("plans: " + file);
        if (plans.sqlPlans == 0 || plans.searchPlans == 0) {
            System.err.println("no " + (plans.sqlPlans == 0 ? "PostgreSQL plan" : "search query") + " was logged: is auto_explain"
                    + " available, and is " + plans.pgLog + " the server's log?");
            System.exit(1);
        }
    }

    private void request(String phase, String path) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            http.send(driver.get(path), HttpResponse.BodyHandlers.discarding());
        }
        long pgFrom = Files.size(pgLog);
        long relaisFrom = Files.size(relaisLog);
        long started = System.nanoTime();
        var response = http.send(driver.get(path), HttpResponse.BodyHandlers.discarding());
        double millis = (System.nanoTime() - started) / 1e6;
        Thread.sleep(300);
        out.append("\n== ").append(phase).append(": GET ").append(path).append(" -> ").append(response.statusCode())
                .append(String.format(" in %.1f ms (client time, statements explained)%n", millis));
        var statements = statements(read(pgLog, pgFrom));
        for (int i = 0; i < statements.size(); i++) {
            out.append("-- statement ").append(i + 1).append(" of ").append(statements.size()).append('\n')
                    .append(DIGEST.matcher(statements.get(i)).replaceAll("<sha-256>"));
        }
        sqlPlans += statements.size();
        for (var line : read(relaisLog, relaisFrom)) {
            int at = line.indexOf("ticket search ");
            if (at >= 0) {
                out.append("-- Lucene: ").append(line.substring(at)).append('\n');
                searchPlans++;
            }
        }
    }

    /** auto_explain's entries of this database: a "duration: … plan:" line, then its lines indented by a tab. */
    private List<String> statements(List<String> lines) {
        var found = new ArrayList<String>();
        StringBuilder current = null;
        for (var line : lines) {
            if (line.startsWith("\t") && current != null) {
                current.append(line.substring(1)).append('\n');
                continue;
            }
            if (current != null) {
                keep(found, current.toString());
                current = null;
            }
            int at = line.indexOf("LOG:  duration: ");
            if (at >= 0 && line.endsWith("plan:") && (line.contains("@" + db + " ") || !line.contains("@"))) {
                current = new StringBuilder(line.substring(at + 6)).append('\n');
            }
        }
        if (current != null) {
            keep(found, current.toString());
        }
        return found;
    }

    private static void keep(List<String> found, String plan) {
        // the job scheduler's poll runs on its own clock
        if (!plan.contains("scheduled_tasks")) {
            found.add(plan);
        }
    }

    private static List<String> read(Path file, long from) throws IOException {
        try (var f = new RandomAccessFile(file.toFile(), "r")) {
            var bytes = new byte[(int) Math.max(0, f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }
}
