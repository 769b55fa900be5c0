package io.relais.ticket;

import io.relais.security.Actor;
import io.relais.security.Scope;
import io.relais.ticket.TicketEnums.DeliveryState;
import io.relais.ticket.TicketEnums.NotSentReason;
import io.relais.ticket.internal.Article;
import io.relais.ticket.internal.FieldChange;
import io.relais.ticket.internal.Ticket;
import io.relais.ticket.internal.TicketStore;
import io.relais.ticket.internal.TimelineWriter;
import io.relais.ticket.internal.Validation;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What became of the replies meant for the customer: the mail that carries one ({@link #markMailed}), what the
 * outbox reports of it ({@link #recordDelivery}), and the replies that never reached the outbox: the mail module
 * marks a reply it could not write at all (no mailbox sends, no address), and the outbox page lists them, so
 * that nothing is taken for sent when it was not.
 */
@Service
public class DeliveryLog {
    private final TicketStore store;
    private final TimelineWriter timeline;
    private final Clock clock;

    DeliveryLog(TicketStore store, TimelineWriter timeline, Clock clock) {
        this.store = store;
        this.timeline = timeline;
        this.clock = clock;
    }

    /** The mail module queued this article for the customer: it now carries the mail's identity. */
    @Transactional
    public void markMailed(long articleId, String messageId, String from, String to, String cc) {
        store.article(Scope.everything(), articleId).ifPresent(a -> a.mailed(messageId, from, to, cc));
    }

    /** The outbox reports what became of an article mailed to the customer; a failure shows on the timeline. */
    @Transactional
    public void recordDelivery(long articleId, DeliveryState state, String detail) {
        var article = store.article(Scope.everything(), articleId).orElse(null);
        if (article == null || article.deliveryState() == state) {
            return;
        }
        article.delivery(state, detail);
        if (state == DeliveryState.FAILED) {
            store.ticket(Scope.everything(), article.ticketId()).ifPresent(t -> timeline.commit(t, Actor.system("mail"),
                    clock.instant(), List.of(new FieldChange(Change.MAIL_FAILED, null, Validation.cut(detail, 1000), articleId))));
        }
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
