package io.relais.ticket.internal;

import io.relais.common.AttachmentLimits;
import io.relais.common.InvalidInputException.FieldProblem;
import io.relais.common.Letters;
import io.relais.ticket.Change;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketEnums.AttachmentRole;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Files of an article: checked before anything is written, then stored once by SHA-256 ({@link AttachmentStorage})
 * with a row each. Within its caller's transaction.
 */
@Component
public class Attachments {
    static final int MAX_ATTACHMENTS = AttachmentLimits.MAX_FILES;

    private final TicketStore store;
    private final AttachmentStorage storage;
    private final long maxAttachmentBytes;

    Attachments(TicketStore store, AttachmentStorage storage,
                @Value("${relais.attachments.max-size:25MB}") DataSize maxAttachment) {
        this.store = store;
        this.storage = storage;
        this.maxAttachmentBytes = maxAttachment.toBytes();
    }

    /** Adds a problem for too many files, a file without content or one too large. */
    public void check(List<Upload> uploads, List<FieldProblem> problems) {
        if (uploads == null) {
            return;
        }
        if (uploads.size() > MAX_ATTACHMENTS) {
            problems.add(new FieldProblem("attachments", "at most " + MAX_ATTACHMENTS + " files"));
        }
        for (var u : uploads) {
            if (u.content() == null) {
                problems.add(new FieldProblem("attachments", "a file has no content"));
            } else if (u.content().length > maxAttachmentBytes) {
                problems.add(new FieldProblem("attachments", "\"" + safeFilename(u.filename()) + "\" is larger than "
                        + DataSize.ofBytes(maxAttachmentBytes).toMegabytes() + " MB"));
            }
        }
    }

    /** The article's files, each with its change for the timeline (added to {@code changes}). */
    public void attach(Ticket ticket, Article article, List<Upload> uploads, Instant now, List<FieldChange> changes) {
        if (uploads == null) {
            return;
        }
        for (var u : uploads) {
            var sha = sha256(u.content());
            storage.store(sha, u.content());
            var name = safeFilename(u.filename());
            store.persist(new Attachment(ticket.id(), article.id(), sha, name, contentType(u.contentType()),
                    u.content().length, now));
            changes.add(new FieldChange(Change.ATTACHMENT_ADDED, null, name, article.id()));
        }
    }

    /** A file of the article that is no attachment of its own (an inline image, the raw source): not on the timeline. */
    public void store(Ticket ticket, Article article, Upload file, AttachmentRole role, String contentId, Instant now) {
        if (file == null || file.content() == null) {
            return;
        }
        var sha = sha256(file.content());
        storage.store(sha, file.content());
        store.persist(new Attachment(ticket.id(), article.id(), sha, safeFilename(file.filename()),
                contentType(file.contentType()), file.content().length, now, role, Validation.cut(contentId, 300)));
    }

    static String safeFilename(String name) {
        if (name == null || name.isBlank()) {
            return "file";
        }
        var base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "_").trim();
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            return "file";
        }
        return base.length() > 200 ? base.substring(base.length() - 200) : base;
    }

    private static String contentType(String declared) {
        if (declared == null || !declared.matches("[\\w.+-]+/[\\w.+-]+(;.*)?") || declared.length() > 150) {
            return "application/octet-stream";
        }
        return Letters.lower(declared).split(";")[0].trim();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
