package io.relais.search;

import io.relais.common.SignificantWords;
import io.relais.security.Actor;
import io.relais.ticket.Status;
import io.relais.ticket.TicketReads;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.search.engine.search.predicate.dsl.PredicateFinalStep;
import org.hibernate.search.engine.search.predicate.dsl.SearchPredicateFactory;
import org.hibernate.search.mapper.orm.Search;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The resolved tickets most like a ticket (or a new ticket being typed): its significant words looked up in the
 * subjects and messages of resolved and closed tickets, the same organization's first, then the other ones the
 * person may see; each with how it was answered (the last agent reply).
 */
@Service
public class SimilarTickets {

    public record Similar(long id, long number, String subject, String status, long organizationId, Instant updatedAt,
                          boolean sameOrganization, String answer) {}

    @PersistenceContext
    private EntityManager em;
    private final TicketReads tickets;

    SimilarTickets(TicketReads tickets) {
        this.tickets = tickets;
    }

    /** Like the ticket {@code ticketId} (which the person must be allowed to see). */
    @Transactional(readOnly = true)
    public List<Similar> like(Actor actor, long ticketId, int limit) {
        var t = tickets.require(actor, ticketId);
        return like(actor, t.subject(), t.description(), t.organization().id(), ticketId, limit);
    }

    /** Like a text (a ticket being written): subject words count twice. */
    @Transactional(readOnly = true)
    public List<Similar> like(Actor actor, String subject, String body, Long organizationId, Long excludeId, int limit) {
        var words = words(subject, body);
        if (words.isEmpty()) {
            return List.of();
        }
        var out = new ArrayList<Similar>();
        if (organizationId != null) {
            out.addAll(handled(actor, search(actor, words, organizationId, true, excludeId, limit + SLACK), limit));
        }
        if (out.size() < limit) {
            out.addAll(handled(actor, search(actor, words, organizationId, false, excludeId, limit - out.size() + SLACK),
                    limit - out.size()));
        }
        return out.stream().map(s -> new Similar(s.id(), s.number(), s.subject(), s.status(), s.organizationId(), s.updatedAt(),
                s.sameOrganization(), answer(actor, s.id()))).toList();
    }

    /** Hits looked up beyond the limit, for the merged duplicates left out. */
    private static final int SLACK = 5;

    /**
     * The hits that were handled as requests of their own, at most {@code limit}: a duplicate merged into another
     * ticket was not (its conversation went to the other one), so it is never offered as a similar handled request.
     */
    private List<Similar> handled(Actor actor, List<Similar> hits, int limit) {
        return hits.stream().filter(s -> tickets.ticket(actor, s.id()).map(t -> t.mergedIntoId() == null).orElse(false))
                .limit(limit).toList();
    }

    /** Significant words of the ticket, subject first ({@link SignificantWords}). */
    static List<String> words(String subject, String body) {
        return SignificantWords.of(subject, body);
    }

    private List<Similar> search(Actor actor, List<String> words, Long organizationId, boolean same, Long excludeId, int limit) {
        var session = Search.session(em);
        var minimum = Math.max(1, Math.min(3, words.size() / 4));
        var hits = session.search(session.scope(Object.class, "Ticket"))
                .select(f -> f.composite().from(f.id(Long.class), f.field("number", Long.class), f.field("subject", String.class),
                        f.field("status", String.class), f.field("organizationId", Long.class), f.field("updatedAt", Instant.class))
                        .asList())
                .where(f -> f.bool(b -> {
                    b.filter(TicketSearch.visible(f, actor.scope()));
                    b.filter(f.terms().field("status").matchingAny(List.of(Status.RESOLVED.name(), Status.CLOSED.name())));
                    if (excludeId != null) {
                        b.mustNot(f.id().matching(excludeId));
                    }
                    if (organizationId != null) {
                        var org = f.match().field("organizationId").matching(organizationId);
                        if (same) {
                            b.filter(org);
                        } else {
                            b.mustNot(org);
                        }
                    }
                    b.must(f.bool(w -> {
                        for (var word : words) {
                            w.should(word(f, word));
                        }
                        w.minimumShouldMatchNumber(minimum);
                    }));
                }))
                .fetchHits(limit);
        return hits.stream().map(r -> new Similar((Long) r.get(0), (Long) r.get(1), (String) r.get(2), (String) r.get(3),
                (Long) r.get(4), (Instant) r.get(5), same, null)).toList();
    }

    private static PredicateFinalStep word(SearchPredicateFactory f, String word) {
        return f.or(f.match().field("subject_fr").matching(word).boost(2f), f.match().field("subject_en").matching(word).boost(2f),
                f.match().field("text_fr").matching(word), f.match().field("text_en").matching(word));
    }

    /** How it was answered: the last reply an agent sent the customer (cut), or nothing. */
    private String answer(Actor actor, long ticketId) {
        var replies = tickets.conversation(actor, ticketId).stream().filter(a -> a.byAgent() && !a.internal() && !a.automatic())
                .toList();
        if (replies.isEmpty()) {
            return null;
        }
        var body = replies.get(replies.size() - 1).body();
        return body == null ? null : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
