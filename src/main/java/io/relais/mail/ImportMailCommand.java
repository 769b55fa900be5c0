package io.relais.mail;

import io.relais.mail.internal.MailImport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import org.springframework.context.ApplicationContext;

/**
 * {@code java -jar relais.jar import-mail --mailbox support@acme.example [--dry-run] [--json] PATH...}:
 * imports .eml files, mbox files and Maildir folders into a mailbox, oldest first, with a progress line
 * (count, rate, ETA) and a summary. It runs against the configured database (the same RELAIS_DB_URL as
 * the server; with the embedded H2 database, stop the server first). Exit codes follow sysexits: 0 done,
 * 64 wrong usage, 66 a path that does not exist, 75 the database failed midway (run it again: what was
 * imported is skipped).
 */
public final class ImportMailCommand {
    static final int EX_USAGE = 64;
    static final int EX_NOINPUT = 66;
    static final int EX_TEMPFAIL = 75;

    private static final String USAGE = """
            Usage: java -jar relais.jar import-mail --mailbox ADDRESS|ID [--dry-run] [--close] [--json] PATH...
              PATH      .eml files, mbox files, Maildir folders, or folders holding them (searched recursively)
              --dry-run read and judge every message, say what would be created, write nothing
              --close   file the imported tickets as history: closed at their last message's date
              --json    print the summary as one JSON line""";

    private ImportMailCommand() {}

    /** Runs the command in a started application; returns the exit code. */
    public static int run(ApplicationContext context, String[] args, PrintStream out, PrintStream err) {
        String mailbox = null;
        boolean dryRun = false;
        boolean close = false;
        boolean json = false;
        var paths = new ArrayList<Path>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mailbox" -> {
                    if (i + 1 >= args.length) {
                        err.println("--mailbox needs an address or an id\n" + USAGE);
                        return EX_USAGE;
                    }
                    mailbox = args[++i];
                }
                case "--dry-run" -> dryRun = true;
                case "--close" -> close = true;
                case "--json" -> json = true;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        err.println("Unknown option " + args[i] + "\n" + USAGE);
                        return EX_USAGE;
                    }
                    paths.add(Path.of(args[i]));
                }
            }
        }
        if (mailbox == null || paths.isEmpty() || context == null) {
            err.println(USAGE);
            return EX_USAGE;
        }
        var importer = context.getBean(MailImport.class);
        var mailboxId = importer.mailbox(mailbox);
        if (mailboxId.isEmpty()) {
            err.println("No mailbox " + mailbox + ": create it under Administration › Mailboxes (no inbound server needed)");
            return EX_USAGE;
        }
        for (var path : paths) {
            if (!path.toFile().exists()) {
                err.println("No such file or folder: " + path);
                return EX_NOINPUT;
            }
        }
        var bar = new ProgressLine(err, System.console() != null);
        try {
            var summary = importer.run(mailboxId.get(), paths, dryRun, close, bar::update);
            bar.finish();
            out.println(json ? json(summary) : text(summary));
            return 0;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            bar.finish();
            err.println("Cannot read the archive: " + e.getMessage());
            return EX_NOINPUT;
        } catch (org.springframework.dao.DataAccessException | org.springframework.transaction.TransactionException e) {
            bar.finish();
            err.println("The database failed during the import (" + e.getMostSpecificCause().getMessage()
                    + "). Run the same command again: what was imported is skipped.");
            return EX_TEMPFAIL;
        }
    }

    static String text(MailImport.Summary s) {
        var lines = new StringBuilder();
        lines.append(s.dryRun() ? "Dry run (nothing written): of " : "Imported: of ").append(s.messages()).append(" messages in ")
                .append(String.format(Locale.ROOT, "%.1f s (%.0f/s)", s.millis() / 1000.0, s.perSecond())).append('\n');
        var would = s.dryRun() ? " (estimate)" : "";
        lines.append(String.format(Locale.ROOT, "  tickets created      %,d%s%n", s.tickets(), would));
        lines.append(String.format(Locale.ROOT, "  follow-ups           %,d%s%n", s.followUps(), would));
        lines.append(String.format(Locale.ROOT, "  duplicates skipped   %,d%n", s.duplicates()));
        lines.append(String.format(Locale.ROOT, "  quarantined          %,d%n", s.quarantined()));
        lines.append(String.format(Locale.ROOT, "  bounces              %,d%n", s.bounces()));
        lines.append(String.format(Locale.ROOT, "  own mail ignored     %,d", s.ignored()));
        if (s.closed() > 0) {
            lines.append(String.format(Locale.ROOT, "%n  tickets closed       %,d", s.closed()));
        }
        if (!s.skippedFiles().isEmpty()) {
            lines.append(String.format(Locale.ROOT, "%n  files not mail       %,d: %s", s.skippedFiles().size(),
                    String.join(", ", s.skippedFiles().subList(0, Math.min(5, s.skippedFiles().size())))
                            + (s.skippedFiles().size() > 5 ? ", …" : "")));
        }
        return lines.toString();
    }

    static String json(MailImport.Summary s) {
        return String.format(Locale.ROOT, "{\"dryRun\":%s,\"messages\":%d,\"tickets\":%d,\"followUps\":%d,\"duplicates\":%d,"
                        + "\"quarantined\":%d,\"bounces\":%d,\"ignored\":%d,\"closed\":%d,\"skippedFiles\":%d,\"seconds\":%.3f,"
                        + "\"perSecond\":%.1f}",
                s.dryRun(), s.messages(), s.tickets(), s.followUps(), s.duplicates(), s.quarantined(), s.bounces(), s.ignored(), s.closed(),
                s.skippedFiles().size(), s.millis() / 1000.0, s.perSecond());
    }

    /** "1,234 / 10,000 (12 %)  310 msg/s  ETA 0:28", redrawn in place on a terminal, else a line every 5 s. */
    static final class ProgressLine {
        private final PrintStream err;
        private final boolean terminal;
        private final long started = System.nanoTime();
        private long last;
        private boolean drawn;

        ProgressLine(PrintStream err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        void update(int done, int total) {
            long now = System.nanoTime();
            long every = terminal ? 200_000_000L : 5_000_000_000L;
            if (done != total && now - last < every) {
                return;
            }
            last = now;
            double seconds = Math.max(0.001, (now - started) / 1e9);
            double rate = done / seconds;
            var eta = rate > 0 ? Duration.ofSeconds(Math.round((total - done) / rate)) : null;
            var line = String.format(Locale.ROOT, "%,d / %,d (%d %%)  %.0f msg/s  ETA %s", done, total,
                    total == 0 ? 100 : done * 100L / total, rate,
                    eta == null ? "?" : String.format(Locale.ROOT, "%d:%02d", eta.toMinutes(), eta.toSecondsPart()));
            if (terminal) {
                err.print("\r" + line + "   ");
                drawn = true;
            } else {
                err.println(line);
            }
        }

        void finish() {
            if (drawn) {
                err.println();
                drawn = false;
            }
        }
    }
}
