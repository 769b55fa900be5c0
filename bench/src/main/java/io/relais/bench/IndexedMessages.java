package io.relais.bench;

import com.icegreen.greenmail.imap.commands.IdRange;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.FolderListener;
import com.icegreen.greenmail.store.ListBasedStoredMessageCollection;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import java.util.Arrays;
import java.util.List;

/**
 * GreenMail's message list with its UID array kept between changes. Stock GreenMail rebuilds that array,
 * taking a lock per message, for every sequence-number lookup, and it looks one up for every message it
 * fetches or flags: its cost grows with the square of the folder's size (64 ms of GreenMail CPU per mail
 * at 10,000 messages, against Relais's 5). The bench swaps this list into its mailbox's folder so that
 * mail_ingest measures Relais rather than the test server; a real IMAP server keeps such an index.
 * {@link GreenMailIndex} points two more of GreenMail's look-ups at it.
 */
final class IndexedMessages extends ListBasedStoredMessageCollection {
    private long[] uids;

    /** Puts an empty indexed list in place of a GreenMail folder's own (before any message is stored). */
    static boolean install(MailFolder folder) {
        try {
            var field = Class.forName("com.icegreen.greenmail.store.HierarchicalFolder").getDeclaredField("mailMessages");
            field.setAccessible(true);
            var index = new IndexedMessages();
            field.set(folder, index);
            GreenMailIndex.register(folder, index);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("mail_ingest: GreenMail's message list could not be swapped (" + e + "); measuring with the stock one");
            return false;
        }
    }

    @Override
    public synchronized void add(StoredMessage message) {
        super.add(message);
        uids = null;
    }

    @Override
    public synchronized StoredMessage remove(long uid) {
        uids = null;
        return super.remove(uid);
    }

    @Override
    public synchronized void clear() {
        super.clear();
        uids = null;
    }

    @Override
    public synchronized void expunge(List<FolderListener> listeners) {
        super.expunge(listeners);
        uids = null;
    }

    @Override
    public synchronized void expunge(List<FolderListener> listeners, IdRange[] ranges) {
        super.expunge(listeners, ranges);
        uids = null;
    }

    @Override
    public synchronized long[] getMessageUids() {
        if (uids == null) {
            uids = super.getMessageUids();
        }
        return uids.clone();
    }

    @Override
    public synchronized int getMsn(long uid) throws FolderException {
        var msn = msnOrZero(uid);
        return msn > 0 ? msn : super.getMsn(uid);
    }

    /** The sequence number of the message with this UID, 0 when there is none. */
    synchronized int msnOrZero(long uid) {
        if (uids == null) {
            uids = super.getMessageUids();
        }
        // UIDs only grow within a folder: the array is sorted.
        var i = Arrays.binarySearch(uids, uid);
        return i >= 0 ? i + 1 : 0;
    }

    /** The message with this UID, null when there is none. */
    synchronized StoredMessage byUid(long uid) {
        var msn = msnOrZero(uid);
        return msn > 0 ? get(msn - 1) : null;
    }
}
