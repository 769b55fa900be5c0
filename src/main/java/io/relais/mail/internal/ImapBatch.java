package io.relais.mail.internal;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;

/** A batch of an {@link ImapPass}, downloaded: raw sources by UID. */
final class ImapBatch extends HashMap<Long, byte[]> {
    /**
     * The raw source of a batch, by UID, in one {@code UID FETCH (BODY.PEEK[])}. Read from the responses
     * directly: fetching through {@code Message} objects would keep every message's content in the open
     * folder's cache for as long as the connection lives, which grows with the folder.
     */
    static ImapBatch download(IMAPFolder folder, Message[] batch) throws MessagingException {
        var uids = Arrays.stream(batch).mapToLong(m -> ImapPass.uid(folder, m)).toArray();
        var command = "UID FETCH " + UIDSet.toString(UIDSet.createUIDSets(uids)) + " (UID BODY.PEEK[])";
        return (ImapBatch) folder.doCommand(protocol -> {
            var responses = protocol.command(command, null);
            var bodies = new ImapBatch();
            var others = new ArrayList<Response>();
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

    /** The Message-ID of the source with this UID, read from its headers (renumbering detection). */
    String lastMessageId(long uid) {
        var raw = get(uid);
        if (raw == null) {
            return null;
        }
        try {
            var values = MailParser.headersOnly(raw, "").headers().get("message-id");
            return values == null || values.isEmpty() ? "" : ImapPass.sameForm(values.get(0));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
