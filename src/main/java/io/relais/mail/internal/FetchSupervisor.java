package io.relais.mail.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps one fetcher ({@link MailboxWorker}) running per active inbound mailbox, on whichever node holds the
 * mailbox's lease ({@link MailboxState}, renewed while fetching), so two nodes never read the same mailbox at once.
 * Every two seconds it starts a worker for each mailbox that fetches and has none, and stops those whose mailbox
 * changed (a new worker then reads the new settings) or went.
 *
 * <p>A fetcher reads every message above the last processed UID (seen or unseen: someone opening the mail in
 * Outlook changes nothing), hands each to {@link MailIntake}, and only after that has committed flags it seen or
 * moves it ({@link ImapPass}, {@link Pop3Pass}). After any error it reconnects with a growing pause (1 s up to
 * 5 min); an outage never stops it. Between fetches it waits in IMAP IDLE when the server offers it, else it polls.
 */
@Component
public class FetchSupervisor implements SmartLifecycle {
    /** The fetchers' log, under the name operators know it by (the fetcher was one class before). */
    static final Logger log = LoggerFactory.getLogger("io.relais.mail.internal.MailFetchers");

    private final MailboxRepository mailboxes;
    private final MailIntake intake;
    private final InboundConnections connections;
    private final MailboxState state;
    private final boolean enabled;
    private final Duration maxBackoff;
    /** Messages per FETCH and per acknowledgement (STORE / MOVE). */
    private final int batchSize;
    /** Messages per pass at most: what a pass holds stays small whatever the folder's size. */
    private final int passSize;
    private final Map<Long, MailboxWorker> workers = new ConcurrentHashMap<>();
    private ScheduledExecutorService supervisor;
    private volatile boolean running;

    FetchSupervisor(MailboxRepository mailboxes, MailIntake intake, InboundConnections connections, MailboxState state,
                    @Value("${relais.mail.fetch.enabled:true}") boolean enabled,
                    @Value("${relais.mail.fetch.max-backoff-seconds:300}") int maxBackoffSeconds,
                    @Value("${relais.mail.fetch.batch:50}") int batchSize,
                    @Value("${relais.mail.fetch.pass:500}") int passSize) {
        this.mailboxes = mailboxes;
        this.intake = intake;
        this.connections = connections;
        this.state = state;
        this.enabled = enabled;
        this.maxBackoff = Duration.ofSeconds(maxBackoffSeconds);
        this.batchSize = Math.max(1, batchSize);
        this.passSize = Math.max(this.batchSize, passSize);
    }

    /** Fetch this mailbox now rather than at its next poll (the admin's "fetch now", tests). */
    public void wake(long mailboxId) {
        var w = workers.get(mailboxId);
        if (w != null) {
            w.wake();
        }
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        running = true;
        supervisor = Executors.newScheduledThreadPool(4, r -> {
            var t = new Thread(r, "mail-fetch-supervisor");
            t.setDaemon(true);
            return t;
        });
        supervisor.scheduleWithFixedDelay(this::supervise, 0, 2, TimeUnit.SECONDS);
    }

    void supervise() {
        try {
            var current = mailboxes.findAllByName();
            for (var m : current) {
                var w = workers.get(m.id());
                var signature = signature(m);
                if (w != null && (!m.fetches() || !w.signature.equals(signature))) {
                    w.stop();
                    workers.remove(m.id());
                    w = null;
                }
                if (w == null && m.fetches() && running) {
                    var worker = new MailboxWorker(m.id(), signature, new MailboxWorker.Shared(mailboxes, intake,
                            connections, state, maxBackoff, batchSize, passSize, supervisor, this::isRunning));
                    workers.put(m.id(), worker);
                    var thread = new Thread(worker, "mail-fetch-" + m.id());
                    thread.setDaemon(true);
                    thread.start();
                }
            }
            workers.keySet().removeIf(id -> {
                if (current.stream().noneMatch(m -> m.id().equals(id))) {
                    workers.get(id).stop();
                    return true;
                }
                return false;
            });
        } catch (RuntimeException e) {
            log.warn("Mail fetch supervision failed (will try again): {}", e.toString());
        }
    }

    private static String signature(Mailbox m) {
        return String.join("|", String.valueOf(m.inboundProtocol()), m.inboundHost(), String.valueOf(m.inboundPort()),
                String.valueOf(m.inboundUser()), String.valueOf(m.inboundPassword()), m.inboundFolder(),
                String.valueOf(m.moveToFolder()), String.valueOf(m.pollSeconds()), String.valueOf(m.active()));
    }

    @Override
    public void stop() {
        running = false;
        if (supervisor != null) {
            supervisor.shutdownNow();
        }
        workers.values().forEach(MailboxWorker::stop);
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stop before the outbox and the database pool.
        return SmartLifecycle.DEFAULT_PHASE - 10;
    }
}
