package io.relais.mail.internal;

import static io.relais.mail.internal.FetchSupervisor.log;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * One pass over an IMAP folder: the messages above the last UID acknowledged (with "move", all that are still in the
 * folder), at most a pass's size, downloaded in batches and handed to the intake on the mailbox's intake thread
 * ({@code mail-intake-<id>}); a batch is flagged \Seen (and the last UID recorded) or moved only once the intake has
 * committed every message of it. UIDVALIDITY is tracked: when it changes, or the server renumbered the folder, the
 * folder is read again from the start and the intake's dedupe skips what was already taken.
 *
 * <p>One per {@link MailboxWorker}: it keeps what a listing left for the next pass of the same connection.
 */
final class ImapPass {
    private final long mailboxId;
    private final MailIntake intake;
    private final MailboxState state;
    /** Messages per FETCH and per acknowledgement (STORE / MOVE). */
    private final int batchSize;
    /** Messages per pass at most. */
    private final int passSize;
    private final BooleanSupplier goOn;
    /** Messages listed by an earlier pass of this connection and not taken yet (passes are bounded). */
    private List<Message> backlog = List.of();
    private final ExecutorService intakeThread;

    ImapPass(long mailboxId, MailIntake intake, MailboxState state, int batchSize, int passSize, BooleanSupplier goOn) {
        this.mailboxId = mailboxId;
        this.intake = intake;
        this.state = state;
        this.batchSize = batchSize;
        this.passSize = passSize;
        this.goOn = goOn;
        this.intakeThread = Executors.newSingleThreadExecutor(r -> {
            var t = new Thread(r, "mail-intake-" + mailboxId);
            t.setDaemon(true);
            return t;
        });
    }

    /** The worker ends: no pass follows. */
    void close() {
        intakeThread.shutdown();
    }

    /** One pass; true when it stopped at its size and more messages are waiting. */
    boolean pass(Mailbox mailbox, Store store, IMAPFolder folder, boolean justOpened) throws Exception {
        var validity = folder.getUIDValidity();
        var position = state.position(mailboxId);
        long lastUid = position.lastUid();
        // A new UIDVALIDITY, or the numbering started again under the same UIDVALIDITY (a server
        // restored or rebuilt, which happens): read the folder again; the intake's dedupe skips
        // what was already taken.
        if (position.uidValidity() == null || position.uidValidity() != validity || !folder.getFullName().equals(position.folder())
                || renumbered(folder, lastUid, position.lastMessageId(), justOpened)) {
            lastUid = 0;
            backlog = List.of();
            state.restart(mailboxId, validity, folder.getFullName());
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
        var batches = new ArrayList<Message[]>();
        for (int from = 0; from < ordered.size(); from += batchSize) {
            batches.add(ordered.subList(from, Math.min(ordered.size(), from + batchSize)).toArray(new Message[0]));
        }
        var raws = batches.isEmpty() ? null : ImapBatch.download(folder, batches.get(0));
        Taken taken = null;
        try {
            for (int k = 0; k < batches.size() && goOn.getAsBoolean(); k++) {
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
                raws = k + 1 < batches.size() ? ImapBatch.download(folder, batches.get(k + 1)) : null;
                try {
                    taking.get();
                } catch (ExecutionException e) {
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
                    log.debug("Mailbox {}: acknowledgement left to the next pass: {}", mailboxId, ErrorText.describe(e));
                }
            }
        }
        if (!goOn.getAsBoolean()) {
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
            state.acknowledged(mailboxId, uid, taken.raws().lastMessageId(uid));
        }
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
    static String sameForm(String messageId) {
        return messageId == null ? "" : messageId.replaceAll("\\s+", "");
    }

    static long uid(IMAPFolder folder, Message m) {
        try {
            return folder.getUID(m);
        } catch (MessagingException e) {
            return Long.MAX_VALUE;
        }
    }

    private record Taken(Message[] messages, long[] uids, ImapBatch raws) {}
}
