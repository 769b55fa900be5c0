package io.relais.mail.internal;

import io.relais.mail.internal.IntakeOutcome.Kind;
import io.relais.mail.internal.IntakeParsing.Prepared;
import io.relais.security.Actor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The intake of raw mail, for the fetchers, the mail gateway, archive imports and quarantine retries. A message goes
 * through these, in order:
 * <ol>
 * <li>dedupe: the same mailbox and Message-ID (or raw SHA-256 without one) is taken once, ever ({@link TakenMessages});</li>
 * <li>parse, within limits (size, parts, depth, time); over a limit, a ticket says so; a parser
 *     failure goes to quarantine and never blocks the next message ({@link IntakeParsing}, {@link Quarantine});</li>
 * <li>in its transaction ({@link IntakeBatches}), the steps of {@link IntakeSteps}:
 *   <ol>
 *   <li>loops: automatic mail is marked so that nothing answers it; our own mail coming back is ignored ({@link AutoMail});</li>
 *   <li>bounces: attached to the ticket whose mail bounced, the address flagged ({@link BounceCheck});</li>
 *   <li>sender: the contact owning the address, else a new contact in the organization of the domain,
 *       the mailbox's default organization, or the unassigned organization ({@link SenderIdentification});</li>
 *   <li>follow-up: a signed Message-ID in In-Reply-To / References, else the subject tag or a known
 *       Message-ID when the sender is on the ticket ({@link FollowUp});</li>
 *   <li>else a new ticket, in the mailbox's default group; Cc of its organization become participants
 *       ({@link Participants}).</li>
 *   </ol></li>
 * </ol>
 * Everything of one message happens in one transaction, which records the message as taken (a fetch or an
 * import writes a few consecutive messages in one transaction: the same steps, one commit). The caller
 * flags or moves the message on the server only after that commit.
 */
@Component
public class MailIntake {
    static final Actor SYSTEM = Actor.system("mail intake");

    /** Parses ahead of the transactions of {@link #takeInOrder}, beyond the batch being written. */
    static final int LOOKAHEAD = 2;

    /**
     * A batch closes at this many bytes of raw mail (and what is parsed ahead stops near twice that): large
     * mails are written a few at a time, so that a batch's sources, parts and entities never crowd the heap.
     */
    static final long BATCH_BYTES = 8L * 1024 * 1024;

    private final MailboxRepository mailboxes;
    private final IntakeParsing parsing;
    private final IntakeBatches batches;
    private final Quarantine quarantine;
    private final Clock clock;
    /** Messages written in one transaction by {@link #takeInOrder} and {@link #takeArchived} (1: each on its own). */
    private final int group;

    MailIntake(MailboxRepository mailboxes, IntakeParsing parsing, IntakeBatches batches, Quarantine quarantine, Clock clock,
               @Value("${relais.mail.intake-group:20}") int group) {
        this.mailboxes = mailboxes;
        this.parsing = parsing;
        this.batches = batches;
        this.quarantine = quarantine;
        this.clock = clock;
        this.group = Math.max(1, group);
    }

    /**
     * Takes one message. Never throws because of the message; throws only when the database cannot
     * be reached, so that the caller leaves the message where it is and tries again later.
     */
    public IntakeOutcome take(long mailboxId, byte[] raw) {
        var resolved = parsing.resolve(mailboxId, parsing.prepare(mailboxId, raw, null));
        return resolved.outcome() != null ? resolved.outcome() : batches.writeOne(mailboxId, null, resolved.ready(), false);
    }

    /**
     * A message of a mail archive (import): {@code fallbackDate} is its date when its own Date header
     * is missing or unreadable (the mbox separator's date, the file's time).
     */
    public record Archived(byte[] raw, Instant fallbackDate) {}

    /**
     * Takes the messages of an archive in the given order (oldest first is the caller's), in batches like
     * live mail ({@link #takeInOrder}), with three differences: each keeps its own date, nothing is mailed about
     * it (no acknowledgement, no notification) and a ticket it opens is marked imported (no SLA clocks);
     * a message from an agent's address that follows a known thread is that agent's reply (the
     * administrator vouches for the archive; live mail needs a signed reference for that).
     * Throws like {@link #take}, when the database cannot be reached.
     */
    public void takeArchived(long mailboxId, Iterator<Archived> messages, Consumer<IntakeOutcome> afterEach) {
        takeAll(mailboxId, messages, true, afterEach);
    }

    /**
     * Takes messages in their order, up to {@code relais.mail.intake-group} (20) of them in one transaction;
     * a batch closes at {@link #BATCH_BYTES} of mail. The next messages are parsed while a batch is written, so
     * parsing and the database overlap; at most a batch
     * and {@link #LOOKAHEAD} more wait in memory (fewer when they are large). A message that fails within a
     * batch sends its batch back to one transaction per message, so a poison message is quarantined alone.
     * The fetcher's caller: nobody waits on it, so the search index takes each batch after its commit while the
     * next batch is written (a message is searchable a moment after this returns, not when it returns).
     * Throws like {@link #take}.
     */
    public void takeInOrder(long mailboxId, List<byte[]> raws) {
        takeAll(mailboxId, raws.stream().map(raw -> new Archived(raw, null)).iterator(), false, o -> {});
    }

    private void takeAll(long mailboxId, Iterator<Archived> messages, boolean archive, Consumer<IntakeOutcome> afterEach) {
        var mailbox = mailboxes.findById(mailboxId).orElseThrow(() -> new IllegalStateException("no mailbox " + mailboxId));
        var window = new ArrayDeque<Prepared>();
        long windowBytes = 0;
        try {
            while (messages.hasNext() || !window.isEmpty()) {
                // parsed ahead: a batch and a little more, fewer when the messages are large
                while (messages.hasNext() && window.size() < group + LOOKAHEAD
                        && (window.size() <= LOOKAHEAD || windowBytes < 2 * BATCH_BYTES)) {
                    var next = messages.next();
                    var date = !archive ? null : next.fallbackDate() == null ? clock.instant() : next.fallbackDate();
                    window.add(parsing.prepare(mailboxId, next.raw(), date));
                    windowBytes += next.raw().length;
                }
                var batch = new ArrayList<Prepared>(group);
                long batchBytes = 0;
                while (!window.isEmpty() && batch.size() < group && (batch.isEmpty() || batchBytes < BATCH_BYTES)) {
                    var p = window.poll();
                    batch.add(p);
                    batchBytes += p.raw().length;
                    windowBytes -= p.raw().length;
                }
                for (var outcome : batches.write(mailboxId, mailbox, batch, !archive)) {
                    afterEach.accept(outcome);
                }
            }
        } finally {
            window.forEach(p -> {
                if (p.parse() != null) {
                    p.parse().cancel(true);
                }
            });
        }
    }

    /** Takes a quarantined message again (after a fix); its quarantine entry is closed when it goes through. */
    public IntakeOutcome retry(long quarantineId) {
        var held = quarantine.takeOut(quarantineId);
        if (held.isEmpty()) {
            return new IntakeOutcome(Kind.IGNORED, null, null, null, quarantineId, "not in quarantine");
        }
        var outcome = take(held.get().mailboxId(), held.get().raw());
        if (outcome.kind() == Kind.QUARANTINED) {
            quarantine.reopen(quarantineId);
        }
        return outcome;
    }
}
