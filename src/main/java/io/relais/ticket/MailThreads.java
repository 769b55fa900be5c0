package io.relais.ticket;

import io.relais.security.Scope;
import io.relais.ticket.TicketEnums.ArticleKind;
import io.relais.ticket.TicketEnums.AttachmentRole;
import io.relais.ticket.TicketViews.ArticleMail;
import io.relais.ticket.TicketViews.AttachmentContent;
import io.relais.ticket.TicketViews.MailThread;
import io.relais.ticket.TicketViews.QuotedMessage;
import io.relais.ticket.internal.AttachmentStorage;
import io.relais.ticket.internal.Ticket;
import io.relais.ticket.internal.TicketStore;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the mail module reads of a ticket to write and thread its mails, inside the transaction of the change:
 * who writes to whom, the earlier messages to quote, the article with its files. Not scoped: system paths only.
 */
@Service
public class MailThreads {
    private final TicketStore store;
    private final AttachmentStorage storage;

    MailThreads(TicketStore store, AttachmentStorage storage) {
        this.store = store;
        this.storage = storage;
    }

    /** For the mail module, inside the transaction of the change: who writes to whom on this ticket. */
    @Transactional(readOnly = true)
    public Optional<MailThread> mailThread(long ticketId) {
        return store.ticket(Scope.everything(), ticketId).map(t -> new MailThread(t.id(), t.number(), t.subject(),
                t.status(), t.organizationId(), t.assigneeId(), t.requesterId(), store.participants(Scope.everything(), t.id()),
                store.messageIds(Scope.everything(), t.id())));
    }

    /** For the mail module: the public messages before this one, newest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<QuotedMessage> history(long ticketId, long beforeArticleId, int limit) {
        var earlier = store.articles(Scope.everything(), ticketId, false).stream()
                .filter(a -> a.id() < beforeArticleId && a.kind() != ArticleKind.NOTE).toList();
        var out = new java.util.ArrayList<QuotedMessage>();
        for (int i = earlier.size() - 1; i >= 0 && out.size() < limit; i--) {
            var a = earlier.get(i);
            out.add(new QuotedMessage(a.authorName(), a.createdAt(), a.body()));
        }
        return out;
    }

    /** For the mail module: who the ticket is assigned to (from the persistence context inside a change). */
    @Transactional(readOnly = true)
    public Optional<Long> assigneeOf(long ticketId) {
        return store.ticket(Scope.everything(), ticketId).map(Ticket::assigneeId);
    }

    /** For the mail module: an article with the content of its files (not its inline images or raw source). */
    @Transactional(readOnly = true)
    public Optional<ArticleMail> articleMail(long articleId) {
        return store.article(Scope.everything(), articleId).map(a -> new ArticleMail(a.id(), a.ticketId(), a.kind(), a.internal(),
                a.authorName(), a.authorAgentId(), a.authorContactId(), a.body(), a.origin(), a.automatic(),
                store.attachments(Scope.everything(), a.ticketId(), true).stream()
                        .filter(f -> Long.valueOf(a.id()).equals(f.articleId()) && f.role() == AttachmentRole.FILE)
                        .map(f -> new AttachmentContent(TicketReads.view(f), storage.load(f.sha256()))).toList()));
    }
}
