package io.relais.mail.internal;

import io.relais.security.Actor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Imports of a file uploaded on the Mailboxes page (one .eml or .mbox), run one after the other in the
 * background on this node, with their progress and summary shown while the administrator waits. The
 * upload is kept in a temporary file until its import ends. The last 20 imports are remembered (on this
 * node, until it restarts); what they imported is in the database like any mail.
 */
@Component
public class MailImportJobs {
    private static final Logger log = LoggerFactory.getLogger(MailImportJobs.class);
    private static final int KEPT = 20;

    /** One upload's import: its progress while it runs, then its summary or what failed. */
    public static final class Job {
        private final long id;
        private final long mailboxId;
        private final String fileName;
        private final boolean dryRun;
        private final boolean close;
        private final String by;
        private final Instant startedAt;
        private volatile int done;
        private volatile int total = -1;
        private volatile MailImport.Summary summary;
        private volatile String error;

        Job(long id, long mailboxId, String fileName, boolean dryRun, boolean close, String by, Instant startedAt) {
            this.id = id;
            this.close = close;
            this.mailboxId = mailboxId;
            this.fileName = fileName;
            this.dryRun = dryRun;
            this.by = by;
            this.startedAt = startedAt;
        }

        public long id() { return id; }
        public long mailboxId() { return mailboxId; }
        public String fileName() { return fileName; }
        public boolean dryRun() { return dryRun; }
        public boolean close() { return close; }
        public String by() { return by; }
        public Instant startedAt() { return startedAt; }
        public int done() { return done; }
        /** -1 while the file is still being listed. */
        public int total() { return total; }
        public MailImport.Summary summary() { return summary; }
        public String error() { return error; }
        public boolean finished() { return summary != null || error != null; }
        public int percent() { return total <= 0 ? 0 : (int) (done * 100L / total); }
    }

    private final MailImport importer;
    private final AtomicLong ids = new AtomicLong();
    private final LinkedHashMap<Long, Job> jobs = new LinkedHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "mail-import");
        t.setDaemon(true);
        return t;
    });

    MailImportJobs(MailImport importer) {
        this.importer = importer;
    }

    /** Starts importing {@code upload} (moved into this component's keeping) into the mailbox; administrators only. */
    public Job start(Actor actor, long mailboxId, String fileName, Path upload, boolean dryRun, boolean close) {
        actor.requireAdmin();
        var job = new Job(ids.incrementAndGet(), mailboxId, fileName, dryRun, close, actor.name(), Instant.now());
        synchronized (jobs) {
            jobs.put(job.id, job);
            while (jobs.size() > KEPT) {
                var oldest = jobs.keySet().iterator().next();
                if (!jobs.get(oldest).finished()) {
                    break;
                }
                jobs.remove(oldest);
            }
        }
        runner.submit(() -> {
            try {
                job.summary = importer.run(mailboxId, List.of(upload), dryRun, close, (done, total) -> {
                    job.total = total;
                    job.done = done;
                });
            } catch (IOException | RuntimeException e) {
                log.warn("Import of uploaded {} into mailbox {} failed: {}", fileName, mailboxId, e.toString());
                job.error = e instanceof org.springframework.dao.DataAccessException
                        ? "The database failed during the import; upload the file again: what was imported is skipped."
                        : "The file could not be read: " + e.getMessage();
            } finally {
                try {
                    Files.deleteIfExists(upload);
                } catch (IOException e) {
                    log.warn("Could not delete the uploaded file {}: {}", upload, e.toString());
                }
            }
        });
        return job;
    }

    public Optional<Job> job(Actor actor, long id) {
        actor.requireAdmin();
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    /** The imports remembered, newest first. */
    public List<Job> recent(Actor actor) {
        actor.requireAdmin();
        synchronized (jobs) {
            var list = new ArrayList<>(jobs.values());
            java.util.Collections.reverse(list);
            return list;
        }
    }
}
