package io.relais.search;

import io.relais.security.Actor;
import io.relais.ticket.Status;
import io.relais.ticket.TicketQueries;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
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
    /** Words that say nothing about the problem, in both languages. */
    static final Set<String> STOP = Set.of(
            "the", "and", "for", "with", "this", "that", "from", "have", "has", "was", "were", "are", "not", "but", "you",
            "your", "our", "all", "any", "can", "cannot", "since", "when", "there", "they", "them", "then", "than", "into",
            "hello", "thanks", "thank", "please", "regards", "best", "morning", "again", "still", "some", "would", "could",
            "les", "des", "une", "est", "pas", "pour", "dans", "avec", "sur", "par", "que", "qui", "ses", "son", "sont", "nous",
            "vous", "mon", "mes", "notre", "votre", "bonjour", "merci", "cordialement", "depuis", "matin", "plus", "encore",
            "tout", "tous", "cette", "ces", "aux", "elle", "ils", "fait", "faire", "peut", "bien", "aussi", "comme", "mais");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]*[\\p{L}\\p{N}]");
    static final int MAX_WORDS = 24;

    public record Similar(long id, long number, String subject, String status, long organizationId, Instant updatedAt,
                          boolean sameOrganization, String answer) {}

    @PersistenceContext
    private EntityManager em;
    private final TicketQueries tickets;

    SimilarTickets(TicketQueries tickets) {
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
            out.addAll(search(actor, words, organizationId, true, excludeId, limit));
        }
        if (out.size() < limit) {
            out.addAll(search(actor, words, organizationId, false, excludeId, limit - out.size()));
        }
        return out.stream().map(s -> new Similar(s.id(), s.number(), s.subject(), s.status(), s.organizationId(), s.updatedAt(),
                s.sameOrganization(), answer(actor, s.id()))).toList();
    }

    /** Significant words: letters or digits (codes kept whole), no stop words, subject first, at most {@value #MAX_WORDS}. */
    static List<String> words(String subject, String body) {
        var out = new LinkedHashSet<String>();
        for (var text : new String[] {subject, body}) {
            if (text == null) {
                continue;
            }
            var m = WORD.matcher(text.length() > 4_000 ? text.substring(0, 4_000) : text);
            while (m.find() && out.size() < MAX_WORDS) {
                var w = m.group().toLowerCase(Locale.ROOT);
                if (w.length() >= 3 && !STOP.contains(w) && !w.chars().allMatch(Character::isDigit)) {
                    out.add(w);
                }
            }
        }
        return List.copyOf(out);
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
