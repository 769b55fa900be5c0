package io.relais.problem;

import io.relais.common.InvalidInputException;
import io.relais.common.SignificantWords;
import io.relais.common.NotFoundException;
import io.relais.directory.Directory;
import io.relais.problem.internal.KnownError;
import io.relais.security.Actor;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketService;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hibernate.search.engine.search.common.BooleanOperator;
import org.hibernate.search.mapper.orm.Search;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Known errors (KE-12): a symptom, its cause once found, the workaround to give until the fix, and the
 * tickets that are occurrences of it. Agents write them; a ticket whose words match an active one shows
 * it prominently. Agents see those for every client and those of the organizations they serve.
 */
@Service
public class KnownErrors {
    /** Investigating: the cause is not known yet; workaround: one to apply; fixed: the cause is gone. */
    public enum Status { INVESTIGATING, WORKAROUND, FIXED }

    public static final Set<Status> ACTIVE = Set.of(Status.INVESTIGATING, Status.WORKAROUND);
    private static final int MAX = 4000;

    public record Form(String title, String symptom, String cause, String workaround, Status status, Long organizationId) {}

    public record View(long id, long number, String reference, String title, String symptom, String cause, String workaround,
                       Status status, Long organizationId, int tickets, Instant updatedAt, String updatedBy) {}

    @PersistenceContext
    private EntityManager em;
    private final JdbcClient jdbc;
    private final Directory directory;
    private final TicketReads tickets;
    private final TicketService ticketService;
    private final Clock clock;

    KnownErrors(JdbcClient jdbc, Directory directory, TicketReads tickets, TicketService ticketService, Clock clock) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.tickets = tickets;
        this.ticketService = ticketService;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<View> list(Actor actor, boolean activeOnly) {
        actor.requireAgent();
        var list = em.createQuery("select k from KnownError k order by k.number desc", KnownError.class).setMaxResults(500)
                .getResultList().stream().filter(k -> visible(actor, k)).filter(k -> !activeOnly || ACTIVE.contains(k.getStatus()))
                .toList();
        return views(actor, list);
    }

    @Transactional(readOnly = true)
    public View get(Actor actor, long id) {
        return views(actor, List.of(require(actor, id))).get(0);
    }

    @Transactional
    public View create(Actor actor, Form form) {
        actor.requireAgent();
        var f = valid(actor, form);
        var number = jdbc.sql("select coalesce(max(number), 0) + 1 from known_error").query(Long.class).single();
        var now = clock.instant();
        var k = new KnownError(number, now, actor.name());
        k.write(f.title(), f.symptom(), f.cause(), f.workaround(), f.status(), f.organizationId(), now, actor.name());
        em.persist(k);
        return view(k, 0);
    }

    @Transactional
    public View update(Actor actor, long id, Form form) {
        var k = require(actor, id);
        var f = valid(actor, form);
        k.write(f.title(), f.symptom(), f.cause(), f.workaround(), f.status(), f.organizationId(), clock.instant(), actor.name());
        return views(actor, List.of(k)).get(0);
    }

    /** Links a ticket to the known error (once), on the ticket's timeline. */
    @Transactional
    public void link(Actor actor, long id, long ticketId) {
        var k = require(actor, id);
        var ticket = tickets.require(actor, ticketId);
        if (k.getOrganizationId() != null && k.getOrganizationId() != ticket.organization().id()) {
            throw InvalidInputException.field("ticketId", "a ticket of the known error's organization");
        }
        var exists = jdbc.sql("select count(*) from known_error_ticket where known_error_id = :k and ticket_id = :t")
                .param("k", id).param("t", ticketId).query(Integer.class).single() > 0;
        if (exists) {
            return;
        }
        jdbc.sql("insert into known_error_ticket (known_error_id, ticket_id, linked_at, linked_by) values (:k, :t, :at, :by)")
                .param("k", id).param("t", ticketId).param("at", Timestamp.from(clock.instant())).param("by", actor.name()).update();
        recount(k);
        ticketService.recordKnownError(ticketId, reference(k.getNumber()), true, actor);
    }

    @Transactional
    public void unlink(Actor actor, long id, long ticketId) {
        var k = require(actor, id);
        tickets.require(actor, ticketId);
        var removed = jdbc.sql("delete from known_error_ticket where known_error_id = :k and ticket_id = :t")
                .param("k", id).param("t", ticketId).update();
        if (removed > 0) {
            recount(k);
            ticketService.recordKnownError(ticketId, reference(k.getNumber()), false, actor);
        }
    }

    /** The known errors a ticket is linked to, as far as the reader may see them. */
    @Transactional(readOnly = true)
    public List<View> ofTicket(Actor actor, long ticketId) {
        actor.requireAgent();
        var ids = jdbc.sql("select known_error_id from known_error_ticket where ticket_id = :t order by linked_at")
                .param("t", ticketId).query(Long.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        var found = em.createQuery("select k from KnownError k where k.id in :ids", KnownError.class).setParameter("ids", ids)
                .getResultList().stream().collect(java.util.stream.Collectors.toMap(KnownError::getId, k -> k));
        // in the order they were linked
        return views(actor, ids.stream().map(found::get).filter(k -> k != null && visible(actor, k)).toList());
    }

    /** The tickets linked to the known error that the reader may see. */
    @Transactional(readOnly = true)
    public List<TicketReads.Headline> ticketsOf(Actor actor, long id) {
        require(actor, id);
        var ids = jdbc.sql("select ticket_id from known_error_ticket where known_error_id = :k order by linked_at desc fetch first 100 rows only")
                .param("k", id).query(Long.class).list();
        var headlines = tickets.headlines(actor, ids);
        return ids.stream().map(headlines::get).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * Active known errors whose title and symptom share at least two significant words with a ticket (or its
     * one word when it has only one), for every client or for the ticket's organization.
     */
    @Transactional(readOnly = true)
    public List<View> matching(Actor actor, String subject, String body, Long organizationId, int limit) {
        if (!actor.isAgent()) {
            return List.of();
        }
        var words = SignificantWords.of(subject, body);
        if (words.isEmpty()) {
            return List.of();
        }
        var text = String.join(" ", words);
        var scope = actor.scope();
        var hits = Search.session(em).search(KnownError.class)
                .where((f, root) -> {
                    root.add(f.terms().field("status").matchingAny(List.copyOf(ACTIVE)));
                    // known errors of every organization (-1), and those of the ticket's organization or, without a
                    // ticket, of the organizations the scope serves
                    var any = f.match().field("scopeOrganization").matching(-1L);
                    if (organizationId != null) {
                        root.add(scope.includesOrganization(organizationId)
                                ? f.terms().field("scopeOrganization").matchingAny(List.of(-1L, organizationId)) : any);
                    } else {
                        root.add(f.or(any, scope.organizationsOnly().searchFilter(f, "scopeOrganization", null)));
                    }
                    root.add(f.simpleQueryString().field("title").boost(3f).field("title_fr").boost(2f).field("title_en").boost(2f)
                            .field("symptom").field("symptom_fr").field("symptom_en")
                            .matching(text).defaultOperator(BooleanOperator.OR).minimumShouldMatchNumber(Math.min(2, words.size())));
                })
                .fetchHits(limit);
        return views(actor, hits);
    }

    public static String reference(long number) {
        return "KE-" + number;
    }

    // ---- helpers

    private KnownError require(Actor actor, long id) {
        actor.requireAgent();
        var k = em.find(KnownError.class, id);
        if (k == null || !visible(actor, k)) {
            throw new NotFoundException("known error", id);
        }
        return k;
    }

    private static boolean visible(Actor actor, KnownError k) {
        return k.getOrganizationId() == null || actor.scope().includesOrganization(k.getOrganizationId());
    }

    private void recount(KnownError k) {
        k.ticketCount(jdbc.sql("select count(*) from known_error_ticket where known_error_id = :k").param("k", k.getId())
                .query(Integer.class).single());
    }

    private Form valid(Actor actor, Form form) {
        var problems = new ArrayList<InvalidInputException.FieldProblem>();
        var title = trim(form.title());
        if (title == null || title.length() > 300) {
            problems.add(new InvalidInputException.FieldProblem("title", "a title of 1 to 300 characters"));
        }
        var symptom = trim(form.symptom());
        if (symptom == null || symptom.length() > MAX) {
            problems.add(new InvalidInputException.FieldProblem("symptom", "the symptom, as users describe it (at most " + MAX + " characters)"));
        }
        var cause = trim(form.cause());
        var workaround = trim(form.workaround());
        if ((cause != null && cause.length() > MAX) || (workaround != null && workaround.length() > MAX)) {
            problems.add(new InvalidInputException.FieldProblem("workaround", "at most " + MAX + " characters"));
        }
        var status = form.status() == null ? (workaround == null ? Status.INVESTIGATING : Status.WORKAROUND) : form.status();
        if (form.organizationId() != null && directory.organization(actor, form.organizationId()).isEmpty()) {
            problems.add(new InvalidInputException.FieldProblem("organizationId", "an organization you serve"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The known error cannot be saved as it is.", problems);
        }
        return new Form(title, symptom, cause, workaround, status, form.organizationId());
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * The known errors as this actor sees them: the count of linked tickets is the stored one for who sees every
     * ticket, else the tickets of their scope (one query for the list): a count must not tell of tickets one cannot see.
     */
    private List<View> views(Actor actor, List<KnownError> errors) {
        if (errors.isEmpty()) {
            return List.of();
        }
        java.util.Map<Long, Integer> counts = null;
        if (!actor.scope().unrestricted()) {
            var clause = actor.scope().clause("t.organization_id", "t.requester_id");
            counts = new java.util.HashMap<>();
            var found = counts;
            jdbc.sql("select l.known_error_id, count(*) from known_error_ticket l join ticket t on t.id = l.ticket_id"
                            + " where l.known_error_id in (:ids) and " + clause.sql() + " group by l.known_error_id")
                    .param("ids", errors.stream().map(KnownError::getId).toList()).params(clause.params())
                    .query((rs, i) -> found.put(rs.getLong(1), rs.getInt(2))).list();
        }
        var scoped = counts;
        return errors.stream().map(k -> view(k, scoped == null ? k.getTicketCount() : scoped.getOrDefault(k.getId(), 0))).toList();
    }

    private static View view(KnownError k, int tickets) {
        return new View(k.getId(), k.getNumber(), reference(k.getNumber()), k.getTitle(), k.getSymptom(), k.getCause(),
                k.getWorkaround(), k.getStatus(), k.getOrganizationId(), tickets, k.getUpdatedAt(), k.getUpdatedBy());
    }
}
