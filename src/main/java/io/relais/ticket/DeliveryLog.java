package io.relais.ticket;

import io.relais.security.Actor;
import io.relais.security.Scope;
import io.relais.ticket.TicketEnums.DeliveryState;
import io.relais.ticket.TicketEnums.NotSentReason;
import io.relais.ticket.internal.Article;
import io.relais.ticket.internal.Ticket;
import io.relais.ticket.internal.TicketStore;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What became of the replies meant for the customer that never reached the outbox: the mail module marks
 * a reply it could not write at all (no mailbox sends, no address), and the outbox page lists them, so
 * that nothing is taken for sent when it was not.
 */
@Service
public class DeliveryLog {
    private final TicketStore store;

    DeliveryLog(TicketStore store) {
        this.store = store;
    }

    /** A reply that could not be mailed, with its ticket. */
    public record NotSentReply(long articleId, long ticketId, long number, String subject, String authorName,
                               Instant at, NotSentReason reason) {}

    /** The mail module could not mail this reply: the article says so, and why. Within the reply's transaction. */
    @Transactional
    public void markNotSent(long articleId, NotSentReason reason) {
        store.article(Scope.everything(), articleId).ifPresent(a -> a.delivery(DeliveryState.NOT_SENT, reason.name()));
    }

    /** The latest replies not mailed that the person may see, newest first. */
    @Transactional(readOnly = true)
    public List<NotSentReply> notSent(Actor actor, int limit) {
        actor.requireAgent();
        return store.notSent(actor.scope(), limit).stream().map(row -> {
            var a = (Article) row[0];
            var t = (Ticket) row[1];
            return new NotSentReply(a.id(), t.id(), t.number(), t.subject(), a.authorName(), a.createdAt(),
                    reason(a.deliveryDetail()));
        }).toList();
    }

    private static NotSentReason reason(String detail) {
        return java.util.Arrays.stream(NotSentReason.values()).filter(r -> r.name().equals(detail)).findFirst()
                .orElse(NotSentReason.NO_MAILBOX);
    }
}
