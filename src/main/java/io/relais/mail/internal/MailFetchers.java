package io.relais.mail.internal;

import io.relais.common.NodeHeartbeat;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.security.Secrets;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps one fetcher running per active inbound mailbox, on whichever node holds the mailbox's lease
 * (a row in mailbox_state renewed while fetching), so two nodes never read the same mailbox at once.
 *
 * <p>A fetcher reads every message above the last processed UID (seen or unseen: someone opening the
 * mail in Outlook changes nothing), hands each to {@link MailIntake}, and only after that has
 * committed flags it seen or moves it. UIDVALIDITY is tracked: when it changes, the folder is read
 * again from the start and the intake's dedupe skips what was already taken. After any error it
 * reconnects with a growing pause (1 s up to 5 min); an outage never stops it. Between fetches it
 * waits in IMAP IDLE when the server offers it, else it polls.
 */
@Component
public class MailFetchers implements SmartLifecycle {
    static {
        MailProviders.pin();
    }

    private static final Logger log = LoggerFactory.getLogger(MailFetchers.class);

    private final MailboxRepository mailboxes;
    private final MailIntake intake;
    private final Secrets secrets;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean enabled;
    private final Duration lease;
    private final Duration maxBackoff;
    /** Messages per FETCH and per acknowledgement (STORE / MOVE). */
    private final int batchSize;
    /** Messages per pass at most: what a pass holds stays small whatever the folder's size. */
    private final int passSize;
    private final NodeHeartbeat heartbeat;
    private final String node;
    private final Map<Long, Worker> workers = new ConcurrentHashMap<>();
    private ScheduledExecutorService supervisor;
    private volatile boolean running;

    MailFetchers(MailboxRepository mailboxes, MailIntake intake, Secrets secrets, JdbcClient jdbc, Clock clock,
                 NodeHeartbeat heartbeat,
                 @Value("${relais.mail.fetch.enabled:true}") boolean enabled,
                 @Value("${relais.mail.fetch.lease-seconds:120}") int leaseSeconds,
                 @Value("${relais.mail.fetch.max-backoff-seconds:300}") int maxBackoffSeconds,
                 @Value("${relais.mail.fetch.batch:50}") int batchSize,
                 @Value("${relais.mail.fetch.pass:500}") int passSize) {
        this.mailboxes = mailboxes;
        this.intake = intake;
        this.secrets = secrets;
        this.jdbc = jdbc;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.node = heartbeat.id();
        this.enabled = enabled;
        this.lease = Duration.ofSeconds(leaseSeconds);
        this.maxBackoff = Duration.ofSeconds(maxBackoffSeconds);
        this.batchSize = Math.max(1, batchSize);
        this.passSize = Math.max(this.batchSize, passSize);
    }

    /**
     * Takes or renews the lease of a mailbox for this node: free, already ours, expired, or held by a node whose
     * heartbeat stopped. A node that could not beat lately takes nothing (others may take its leases over).
     */
    boolean acquireLease(long mailboxId) {
        if (!heartbeat.trusted()) {
            return false;
        }
        var now = clock.instant();
        return jdbc.sql("update mailbox_state set lease_holder = ?, lease_until = ? where mailbox_id = ?"
                        + " and (lease_holder is null or lease_holder = ? or lease_until < ? or lease_holder not in ("
                        + NodeHeartbeat.ALIVE + "))")
                .params(node, at(now.plus(lease)), mailboxId, node, at(now), heartbeat.aliveSince()).update() == 1;
    }

    /** Fetch this mailbox now rather than at its next poll (the admin's "fetch now", tests). */
    public void wake(long mailboxId) {
        var w = workers.get(mailboxId);
        if (w != null) {
            w.wake();
        }
    }

    // ---- supervision: start a worker per fetching mailbox, stop those whose mailbox changed or went

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
                    var worker = new Worker(m.id(), signature);
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
        workers.values().forEach(Worker::stop);
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

    // ---- one mailbox

    final class Worker implements Runnable {
        final long mailboxId;
        final String signature;
        private final Object signal = new Object();
        private volatile boolean stopped;
        private volatile boolean wakeRequested;
        /** Messages listed by an earlier pass of this connection and not taken yet (passes are bounded). */
        private List<Message> backlog = List.of();
        private volatile IMAPFolder idling;
        private final java.util.concurrent.ExecutorService intakeThread = Executors.newSingleThreadExecutor(r -> {
            var t = new Thread(r, "mail-intake-" + Worker.this.mailboxId);
            t.setDaemon(true);
            return t;
        });

        Worker(long mailboxId, String signature) {
            this.mailboxId = mailboxId;
            this.signature = signature;
        }

        void stop() {
            stopped = true;
            wake();
        }

        void wake() {
            wakeRequested = true;
            synchronized (signal) {
                signal.notifyAll();
            }
            breakIdle();
        }

        @Override
        public void run() {
            var backoff = Duration.ofSeconds(1);
            while (!stopped && running) {
                var mailbox = mailboxes.findById(mailboxId).orElse(null);
                if (mailbox == null || !mailbox.fetches()) {
                    return;
                }
                if (!acquireLease()) {
                    // a dead holder's lease is free once its heartbeat is stale: look again within seconds
                    pause(Duration.ofSeconds(Math.min(5, Math.max(1, lease.toSeconds() / 4))));
                    continue;
                }
                try (Store store = connect(mailbox)) {
                    var folder = store.getFolder(mailbox.inboundFolder() == null ? "INBOX" : mailbox.inboundFolder());
                    folder.open(Folder.READ_WRITE);
                    try {
                        backoff = Duration.ofSeconds(1);
                        var justOpened = true;
                        while (!stopped && running && acquireLease()) {
                            wakeRequested = false;
                            var more = fetch(mailbox, store, folder, justOpened);
                            justOpened = false;
                            success();
                            if (!more) {
                                waitForMail(mailbox, store, folder);
                            }
                            if (!folder.isOpen() || isPop(mailbox)) {
                                break; // POP3 shows a snapshot: reconnect to see new mail and apply deletions
                            }
                        }
                    } finally {
                        if (folder.isOpen()) {
                            try {
                                folder.close(isPop(mailbox));
                            } catch (MessagingException | IllegalStateException e) {
                                // the connection is going anyway
                            }
                        }
                    }
                } catch (Exception e) {
                    failure(e);
                    log.warn("Fetcher of mailbox {} failed, reconnecting in {} s: {}", mailboxId, backoff.toSeconds(),
                            describe(e));
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                }
            }
            releaseLease();
            intakeThread.shutdown();
        }

        /** One pass; true when it stopped at its size and more messages are waiting. */
        private boolean fetch(Mailbox mailbox, Store store, Folder folder, boolean justOpened) throws Exception {
            var more = false;
            if (folder instanceof IMAPFolder imap) {
                more = fetchImap(mailbox, store, imap, justOpened);
            } else if (folder instanceof POP3Folder pop) {
                fetchPop3(mailbox, pop);
            } else {
                throw new IllegalStateException("unsupported folder " + folder.getClass().getName());
            }
            jdbc.sql("update mailbox_state set last_fetch_at = ? where mailbox_id = ?").params(now(), mailboxId).update();
            return more;
        }

        private boolean fetchImap(Mailbox mailbox, Store store, IMAPFolder folder, boolean justOpened) throws Exception {
            var validity = folder.getUIDValidity();
            var state = jdbc.sql("select uid_validity, last_uid, folder, last_message_id from mailbox_state where mailbox_id = ?")
                    .param(mailboxId)
                    .query((rs, i) -> new Object[] {rs.getObject(1, Long.class), rs.getLong(2), rs.getString(3), rs.getString(4)})
                    .single();
            long lastUid = (Long) state[1];
            // A new UIDVALIDITY, or the numbering started again under the same UIDVALIDITY (a server
            // restored or rebuilt, which happens): read the folder again; the intake's dedupe skips
            // what was already taken.
            if (state[0] == null || (Long) state[0] != validity || !folder.getFullName().equals(state[2])
                    || renumbered(folder, lastUid, (String) state[3], justOpened)) {
                lastUid = 0;
                backlog = List.of();
                jdbc.sql("update mailbox_state set uid_validity = ?, last_uid = 0, folder = ? where mailbox_id = ?")
                        .params(validity, folder.getFullName(), mailboxId).update();
            }
            var moveTo = mailbox.moveToFolder() == null || mailbox.moveToFolder().isBlank() ? null
                    : store.getFolder(mailbox.moveToFolder());
            if (moveTo != null && !moveTo.exists()) {
                moveTo.create(Folder.HOLDS_MESSAGES);
            }
            final long after = lastUid;
            List<Message> candidates;
            if (!justOpened && !backlog.isEmpty()) {
                // What the last listing left for later: listing again would cost the server a walk of the folder.
                candidates = backlog.stream().filter(m -> !m.isExpunged() && (moveTo != null || uid(folder, m) > after)).toList();
            } else {
                // With "move", everything still in the folder is either new or left by a crash before the move.
                Message[] messages = moveTo != null ? folder.getMessages() : folder.getMessagesByUID(lastUid + 1, UIDFolder.MAXUID);
                log.debug("Mailbox {}: UIDVALIDITY {}, last UID {}, {} candidate messages", mailboxId, validity, lastUid,
                        messages.length);
                var profile = new FetchProfile();
                profile.add(UIDFolder.FetchProfileItem.UID);
                folder.fetch(messages, profile);
                candidates = Arrays.stream(messages).filter(m -> !m.isExpunged())
                        // "UID n:*" always returns the last message, even when n is beyond it
                        .filter(m -> moveTo != null || uid(folder, m) > after)
                        .sorted(Comparator.comparingLong(m -> uid(folder, m))).toList();
            }
            var ordered = candidates.size() > passSize ? candidates.subList(0, passSize) : candidates;
            backlog = candidates.subList(ordered.size(), candidates.size());
            // In batches: one FETCH brings a batch's messages, one STORE (or MOVE) acknowledges them once
            // every one of them is committed. While a batch is taken in, the previous one is acknowledged
            // and the next one downloads.
            var batches = new java.util.ArrayList<Message[]>();
            for (int from = 0; from < ordered.size(); from += batchSize) {
                batches.add(ordered.subList(from, Math.min(ordered.size(), from + batchSize)).toArray(new Message[0]));
            }
            var raws = batches.isEmpty() ? null : download(folder, batches.get(0));
            Taken taken = null;
            try {
                for (int k = 0; k < batches.size() && !stopped && running; k++) {
                    // Messages expunged by someone else since the listing have no body: nothing to take or flag.
                    var current = raws;
                    var batch = Arrays.stream(batches.get(k)).filter(m -> current.containsKey(uid(folder, m)))
                            .toArray(Message[]::new);
                    var uids = Arrays.stream(batch).mapToLong(m -> uid(folder, m)).toArray();
                    var taking = intakeThread.submit(() -> {
                        intake.takeInOrder(mailboxId, Arrays.stream(uids).mapToObj(current::get).toList());
                        return null;
                    });
                    if (taken != null) {
                        var previous = taken;
                        taken = null;
                        acknowledge(folder, moveTo, previous);
                    }
                    raws = k + 1 < batches.size() ? download(folder, batches.get(k + 1)) : null;
                    try {
                        taking.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
                    }
                    taken = new Taken(batch, uids, current);
                }
            } finally {
                // Committed, so flagged now if the connection allows; if not, the next pass reads it again and
                // the intake's dedupe skips it.
                if (taken != null && folder.isOpen()) {
                    try {
                        acknowledge(folder, moveTo, taken);
                    } catch (MessagingException | RuntimeException e) {
                        log.debug("Mailbox {}: acknowledgement left to the next pass: {}", mailboxId, describe(e));
                    }
                }
            }
            if (stopped || !running) {
                return false;
            }
            return !backlog.isEmpty();
        }

        /** A batch whose every message is committed: flag it \Seen (and remember where we are), or move it. */
        private void acknowledge(IMAPFolder folder, Folder moveTo, Taken taken) throws MessagingException {
            if (taken.messages().length == 0) {
                return;
            }
            if (moveTo != null) {
                folder.moveMessages(taken.messages(), moveTo);
            } else {
                folder.setFlags(taken.messages(), new Flags(Flags.Flag.SEEN), true);
                var uid = taken.uids()[taken.uids().length - 1];
                jdbc.sql("update mailbox_state set last_uid = ?, last_message_id = ? where mailbox_id = ? and last_uid < ?")
                        .params(uid, MailParser.cut(taken.raws().lastMessageId(uid), 500), mailboxId, uid).update();
            }
        }

        /**
         * The raw source of a batch, by UID, in one {@code UID FETCH (BODY.PEEK[])}. Read from the responses
         * directly: fetching through {@code Message} objects would keep every message's content in the open
         * folder's cache for as long as the connection lives, which grows with the folder.
         */
        private Batch download(IMAPFolder folder, Message[] batch) throws MessagingException {
            var uids = Arrays.stream(batch).mapToLong(m -> uid(folder, m)).toArray();
            var command = "UID FETCH " + UIDSet.toString(UIDSet.createUIDSets(uids)) + " (UID BODY.PEEK[])";
            return (Batch) folder.doCommand(protocol -> {
                var responses = protocol.command(command, null);
                var bodies = new Batch();
                var others = new java.util.ArrayList<Response>();
                for (var r : responses) {
                    if (r instanceof FetchResponse f && f.getItem(BODY.class) != null && f.getItem(UID.class) != null) {
                        var body = f.getItem(BODY.class).getByteArray();
                        bodies.put(f.getItem(UID.class).uid, body == null ? new byte[0] : body.getNewBytes());
                    } else {
                        others.add(r);
                    }
                }
                // EXISTS, EXPUNGE and the like still reach the folder; the tagged result may throw.
                protocol.notifyResponseHandlers(others.toArray(new Response[0]));
                protocol.handleResult(responses[responses.length - 1]);
                return bodies;
            });
        }

        private void fetchPop3(Mailbox mailbox, POP3Folder folder) throws Exception {
            // POP3 has no flags or folders: a message is taken (the dedupe skips it on later reads) and,
            // when the mailbox says so, deleted from the server once taken.
            var delete = mailbox.moveToFolder() != null && !mailbox.moveToFolder().isBlank();
            for (var message : folder.getMessages()) {
                if (stopped || !running) {
                    return;
                }
                var raw = raw(message);
                intake.take(mailboxId, raw);
                if (delete) {
                    message.setFlag(Flags.Flag.DELETED, true);
                }
            }
        }

        private void waitForMail(Mailbox mailbox, Store store, Folder folder) throws MessagingException {
            if (wakeRequested || stopped) {
                return;
            }
            var poll = Duration.ofSeconds(Math.max(1, mailbox.pollSeconds()));
            if (folder instanceof IMAPFolder imap && store instanceof IMAPStore imapStore && imapStore.hasCapability("IDLE")) {
                // IDLE until the server says something, or at most one poll interval (the lease needs renewing).
                idling = imap;
                var breaker = supervisor.schedule(this::breakIdle, Math.min(poll.toMillis(), lease.toMillis() / 2),
                        TimeUnit.MILLISECONDS);
                try {
                    if (!wakeRequested && !stopped) {
                        imap.idle(true);
                    }
                } finally {
                    idling = null;
                    breaker.cancel(false);
                }
            } else {
                pause(poll);
            }
        }

        private void breakIdle() {
            var folder = idling;
            if (folder != null) {
                try {
                    // Any command from another thread ends IDLE cleanly (Angus sends DONE first).
                    folder.doCommand(p -> {
                        p.simpleCommand("NOOP", null);
                        return null;
                    });
                } catch (MessagingException | RuntimeException e) {
                    // the fetch loop sees the broken connection itself
                }
            }
        }

        private void pause(Duration d) {
            synchronized (signal) {
                if (wakeRequested || stopped) {
                    return;
                }
                try {
                    signal.wait(Math.max(1, d.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
        }

        private boolean acquireLease() {
            return MailFetchers.this.acquireLease(mailboxId);
        }

        private void releaseLease() {
            jdbc.sql("update mailbox_state set lease_holder = null, lease_until = null where mailbox_id = ? and lease_holder = ?")
                    .params(mailboxId, node).update();
        }

        private void success() {
            jdbc.sql("update mailbox_state set last_success_at = ?, failures = 0 where mailbox_id = ?").params(now(), mailboxId).update();
        }

        private void failure(Exception e) {
            try {
                jdbc.sql("update mailbox_state set last_error = ?, last_error_at = ?, failures = failures + 1 where mailbox_id = ?")
                        .params(MailParser.cut(describe(e), 1000), now(), mailboxId).update();
            } catch (RuntimeException dbDown) {
                log.debug("cannot record the fetch error: {}", dbDown.toString());
            }
        }
    }

    // ---- connections

    Store connect(Mailbox mailbox) throws MessagingException {
        var protocol = switch (mailbox.inboundProtocol()) {
            case IMAP -> "imap";
            case IMAPS -> "imaps";
            case POP3 -> "pop3";
            case POP3S -> "pop3s";
            case NONE -> throw new IllegalStateException("this mailbox does not fetch");
        };
        var props = inboundProperties(protocol);
        if (protocol.endsWith("s")) {
            PinnedTls.apply(props, protocol, mailbox.tlsCertificate());
        }
        var session = Session.getInstance(props);
        var store = session.getStore(protocol);
        store.connect(mailbox.inboundHost(), port(mailbox), mailbox.inboundUser(),
                mailbox.inboundPassword() == null ? null : secrets.decrypt(mailbox.inboundPassword()));
        return store;
    }

    static Properties inboundProperties(String protocol) {
        var props = new Properties();
        var p = "mail." + protocol + ".";
        props.put(p + "connectiontimeout", "20000");
        props.put(p + "timeout", "120000");
        props.put(p + "writetimeout", "60000");
        props.put(p + "peek", "true");
        props.put(p + "partialfetch", "false");
        if (protocol.endsWith("s")) {
            props.put(p + "ssl.checkserveridentity", "true");
        }
        return props;
    }

    private static boolean isPop(Mailbox mailbox) {
        return mailbox.inboundProtocol() == InboundProtocol.POP3 || mailbox.inboundProtocol() == InboundProtocol.POP3S;
    }

    static int port(Mailbox mailbox) {
        if (mailbox.inboundPort() != null) {
            return mailbox.inboundPort();
        }
        return switch (mailbox.inboundProtocol()) {
            case IMAP -> 143;
            case IMAPS -> 993;
            case POP3 -> 110;
            case POP3S -> 995;
            case NONE -> -1;
        };
    }

    /**
     * The message we last took is no longer at its UID, or UIDNEXT went below it. UIDNEXT is read only just
     * after the folder was opened: an open folder keeps the value its SELECT gave, stale after new mail.
     */
    private static boolean renumbered(IMAPFolder folder, long lastUid, String lastMessageId, boolean justOpened)
            throws MessagingException {
        if (lastUid == 0) {
            return false;
        }
        var uidNext = justOpened ? folder.getUIDNext() : -1;
        if (uidNext > 0 && uidNext <= lastUid) {
            return true;
        }
        if (lastMessageId == null) {
            return false;
        }
        var last = folder.getMessageByUID(lastUid);
        // Gone is not proof (someone may have deleted it); another message at that UID is.
        return last != null && !last.isExpunged() && !sameForm(lastMessageId).equals(sameForm(messageIdOf(last)));
    }

    private static String messageIdOf(Message m) {
        try {
            var values = m.getHeader("Message-ID");
            return values == null || values.length == 0 ? "" : values[0].trim();
        } catch (MessagingException e) {
            return "";
        }
    }

    /** A Message-ID as compared across reads: no folding, no spaces. */
    private static String sameForm(String messageId) {
        return messageId == null ? "" : messageId.replaceAll("\\s+", "");
    }

    private static long uid(IMAPFolder folder, Message m) {
        try {
            return folder.getUID(m);
        } catch (MessagingException e) {
            return Long.MAX_VALUE;
        }
    }

    private record Taken(Message[] messages, long[] uids, Batch raws) {}

    /** A downloaded batch: raw sources by UID. */
    private static final class Batch extends java.util.HashMap<Long, byte[]> {
        /** The Message-ID of the source with this UID, read from its headers (renumbering detection). */
        String lastMessageId(long uid) {
            var raw = get(uid);
            if (raw == null) {
                return null;
            }
            try {
                var values = MailParser.headersOnly(raw, "").headers().get("message-id");
                return values == null || values.isEmpty() ? "" : sameForm(values.get(0));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private static byte[] raw(Message message) throws Exception {
        var out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    static String describe(Throwable e) {
        var sb = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            sb.append(": ").append(e.getMessage().replaceAll("[\\r\\n]+", " "));
        }
        if (e.getCause() != null && e.getCause() != e) {
            sb.append(" (").append(e.getCause().getClass().getSimpleName()).append(": ")
                    .append(String.valueOf(e.getCause().getMessage()).replaceAll("[\\r\\n]+", " ")).append(')');
        }
        return sb.toString();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
