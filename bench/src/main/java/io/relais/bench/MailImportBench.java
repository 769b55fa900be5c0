package io.relais.bench;

import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * The mail_import phase: an mbox of {@code --messages} varied messages (the mail_ingest ones, replies
 * included, dated over two years and written in a shuffled order) imported into a new mailbox by
 * {@code java -jar target/relais.jar import-mail --json}, with the server stopped (the command uses the
 * server's database and search index). Prints one JSON object: the command's own summary (messages/s of the
 * import itself), the wall time with the JVM's start, and PostgreSQL's CPU per message; with {@code --merge
 * FILE}, also adds it to that results file as "mail_import". RELAIS_JAVA_OPTS (or {@code --java-opts}) go to the
 * command's JVM, e.g. to profile it.
 */
public final class MailImportBench {
    private static final DateTimeFormatter SEPARATOR = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private MailImportBench() {}

    public static void main(String[] args) throws Exception {
        String dbUrl = null;
        String dbUser = "postgres";
        String jar = "target/relais.jar";
        String merge = null;
        int count = 10_000;
        String javaOpts = System.getenv().getOrDefault("RELAIS_JAVA_OPTS", "");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db-url" -> dbUrl = args[++i];
                case "--db-user" -> dbUser = args[++i];
                case "--jar" -> jar = args[++i];
                case "--messages" -> count = Integer.parseInt(args[++i]);
                case "--merge" -> merge = args[++i];
                case "--java-opts" -> javaOpts = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        var address = "import-" + System.currentTimeMillis() + "@bench.test";
        List<String> senders;
        try (var db = DriverManager.getConnection(dbUrl, dbUser, "")) {
            senders = MailGateway.mailboxWithoutServer(db, "Bench import " + address, address);
        }
        // the messages, dated over two years, then written in a shuffled order: the import sorts them
        var session = Session.getInstance(new Properties());
        var random = new SplittableRandom(20261125L);
        var previous = new ArrayList<String[]>();
        var start = Instant.now().minus(Duration.ofDays(730));
        var step = Duration.ofDays(730).toMillis() / Math.max(1, count);
        var messages = new ArrayList<byte[]>(count);
        for (int i = 0; i < count; i++) {
            var m = MailIngest.message(session, random, i, address, senders, previous);
            var at = start.plusMillis(step * i);
            m.setSentDate(Date.from(at));
            var bytes = new ByteArrayOutputStream();
            bytes.write(("From sender@bench.test " + SEPARATOR.format(at) + "\n").getBytes(StandardCharsets.US_ASCII));
            var body = new ByteArrayOutputStream();
            m.writeTo(body);
            for (var line : body.toString(StandardCharsets.ISO_8859_1).split("\r?\n", -1)) {
                bytes.write(((line.matches(">*From .*") ? ">" : "") + line + "\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            bytes.write('\n');
            messages.add(bytes.toByteArray());
        }
        for (int i = messages.size() - 1; i > 0; i--) {
            var j = random.nextInt(i + 1);
            var t = messages.get(i);
            messages.set(i, messages.get(j));
            messages.set(j, t);
        }
        var mbox = Files.createTempFile("relais-bench-", ".mbox");
        try (var out = Files.newOutputStream(mbox)) {
            for (var m : messages) {
                out.write(m);
            }
        }
        long size = Files.size(mbox);

        var autovacuum = Autovacuum.startIfOff(dbUrl, dbUser);
        var pgBefore = LoadDriver.postgresTicks();
        var started = System.nanoTime();
        var command = new ArrayList<String>(List.of("java"));
        if (!javaOpts.isBlank()) {
            command.addAll(List.of(javaOpts.strip().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar, "import-mail", "--mailbox", address, "--json", mbox.toString()));
        var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var code = process.waitFor();
        var wall = (System.nanoTime() - started) / 1e9;
        var pgMs = (LoadDriver.postgresTicks() - pgBefore) * 1000.0 / LoadDriver.CLOCK_TICKS;
        autovacuum.close();
        Files.deleteIfExists(mbox);
        var summary = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("null");
        var json = String.format(Locale.ROOT, "{\"messages\":%d,\"mbox_bytes\":%d,\"exit\":%d,\"wall_s_with_jvm_start\":%.1f,"
                        + "\"mails_per_s_with_jvm_start\":%.1f,\"pg_cpu_ms_per_mail\":%.2f,\"autovacuum\":%s,\"summary\":%s}",
                count, size, code, wall, count / wall, pgMs / Math.max(1, count), Json.write(autovacuum.report()), summary);
        System.out.println(json);
        if (merge != null) {
            var file = Path.of(merge);
            var results = Files.readString(file).stripTrailing();
            if (results.endsWith("}")) {
                Files.writeString(file, results.substring(0, results.length() - 1) + ",\n  \"mail_import\": " + json + "\n}\n");
            }
        }
        if (code != 0) {
            System.exit(code);
        }
    }
}
