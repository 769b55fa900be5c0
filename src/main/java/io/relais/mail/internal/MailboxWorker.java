package io.relais.mail.internal;

import static io.relais.mail.internal.FetchSupervisor.log;

import io.relais.mail.MailRecords.InboundProtocol;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.pop3.POP3Folder;

/**
 * The fetcher of one mailbox, on its own thread ({@code mail-fetch-<id>}), started and stopped by
 * {@link FetchSupervisor}. While this node holds the mailbox's lease it stays connected and runs passes
 * ({@link ImapPass}, {@link Pop3Pass}); between them it waits for mail (IMAP IDLE when the server offers it, else the
 * poll interval), and after any error it reconnects with a growing pause (1 s up to the maximum backoff).
 */
final class MailboxWorker implements Runnable {
    /** What the workers of one supervisor share; {@code timer} ends IDLE waits, {@code running} is the supervisor's. */
    record Shared(MailboxRepository mailboxes, MailIntake intake, InboundConnections connections, MailboxState state,
                  Duration maxBackoff, int batchSize, int passSize, ScheduledExecutorService timer, BooleanSupplier running) {}

    final long mailboxId;
    final String signature;
    private final Shared shared;
    private final MailboxState state;
    private final ImapPass imap;
    private final Pop3Pass pop3;
    private final Object signal = new Object();
    private volatile boolean stopped;
    private volatile boolean wakeRequested;
    private volatile IMAPFolder idling;

    MailboxWorker(long mailboxId, String signature, Shared shared) {
        this.mailboxId = mailboxId;
        this.signature = signature;
        this.shared = shared;
        this.state = shared.state();
        this.imap = new ImapPass(mailboxId, shared.intake(), state, shared.batchSize(), shared.passSize(), this::goesOn);
        this.pop3 = new Pop3Pass(mailboxId, shared.intake(), this::goesOn);
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

    /** Neither this worker nor the supervisor was stopped. */
    private boolean goesOn() {
        return !stopped && shared.running().getAsBoolean();
    }

    @Override
    public void run() {
        var backoff = Duration.ofSeconds(1);
        while (goesOn()) {
            var mailbox = shared.mailboxes().findById(mailboxId).orElse(null);
            if (mailbox == null || !mailbox.fetches()) {
                return;
            }
            if (!state.acquireLease(mailboxId)) {
                // a dead holder's lease is free once its heartbeat is stale: look again within seconds
                pause(Duration.ofSeconds(Math.min(5, Math.max(1, state.lease().toSeconds() / 4))));
                continue;
            }
            try (Store store = shared.connections().connect(mailbox)) {
                var folder = store.getFolder(mailbox.inboundFolder() == null ? "INBOX" : mailbox.inboundFolder());
                folder.open(Folder.READ_WRITE);
                try {
                    backoff = Duration.ofSeconds(1);
                    var justOpened = true;
                    while (goesOn() && state.acquireLease(mailboxId)) {
                        wakeRequested = false;
                        var more = pass(mailbox, store, folder, justOpened);
                        justOpened = false;
                        state.succeeded(mailboxId);
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
                state.failed(mailboxId, e);
                log.warn("Fetcher of mailbox {} failed, reconnecting in {} s: {}", mailboxId, backoff.toSeconds(),
                        ErrorText.describe(e));
                pause(backoff);
                var maxBackoff = shared.maxBackoff();
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
        state.releaseLease(mailboxId);
        imap.close();
    }

    /** One pass; true when it stopped at its size and more messages are waiting. */
    private boolean pass(Mailbox mailbox, Store store, Folder folder, boolean justOpened) throws Exception {
        var more = false;
        if (folder instanceof IMAPFolder f) {
            more = imap.pass(mailbox, store, f, justOpened);
        } else if (folder instanceof POP3Folder f) {
            pop3.pass(mailbox, f);
        } else {
            throw new IllegalStateException("unsupported folder " + folder.getClass().getName());
        }
        state.fetched(mailboxId);
        return more;
    }

    private void waitForMail(Mailbox mailbox, Store store, Folder folder) throws MessagingException {
        if (wakeRequested || stopped) {
            return;
        }
        var poll = Duration.ofSeconds(Math.max(1, mailbox.pollSeconds()));
        if (folder instanceof IMAPFolder f && store instanceof IMAPStore imapStore && imapStore.hasCapability("IDLE")) {
            // IDLE until the server says something, or at most one poll interval (the lease needs renewing).
            idling = f;
            var breaker = shared.timer().schedule(this::breakIdle, Math.min(poll.toMillis(), state.lease().toMillis() / 2),
                    TimeUnit.MILLISECONDS);
            try {
                if (!wakeRequested && !stopped) {
                    f.idle(true);
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

    private static boolean isPop(Mailbox mailbox) {
        return mailbox.inboundProtocol() == InboundProtocol.POP3 || mailbox.inboundProtocol() == InboundProtocol.POP3S;
    }
}
