package io.relais.ticket;

import io.relais.security.Actor;
import io.relais.ticket.internal.TicketStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the SLA clocks read of tickets (the active ones, a ticket's fields and timeline facts) and what they write
 * back: the nearest due instant that queues sort by. Alerts and what they change: {@link Escalation}.
 */
@Service
public class SlaSources {
    private final TicketStore store;
    private final JdbcClient jdbc;

    SlaSources(TicketStore store, JdbcClient jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    /** Ids of active tickets (new, open, pending) after {@code afterId}, in id order: for jobs that walk them all. */
    @Transactional(readOnly = true)
    public List<Long> activeTicketIds(long afterId, int limit) {
        return jdbc.sql("select id from ticket where id > :after and status in (:active) order by id fetch first :limit rows only")
                .param("after", afterId).param("active", Status.ACTIVE.stream().map(Enum::name).toList()).param("limit", limit)
                .query(Long.class).list();
    }

    /**
     * The ticket's fields and its timeline entries after {@code afterEntryId} (0: all of them), for the
     * SLA clocks; empty when the actor may not see the ticket, or when it was imported from a mail archive.
     */
    @Transactional(readOnly = true)
    public Optional<TicketViews.SlaSource> slaSource(Actor actor, long ticketId, long afterEntryId) {
        // an imported ticket's history predates Relais: it has no clocks
        return store.ticket(actor.scope(), ticketId).filter(t -> !t.imported()).map(t -> new TicketViews.SlaSource(t.id(), t.organizationId(),
                t.channel(), t.priority(), t.categoryId(), t.groupId(), t.status(), t.createdAt(),
                store.timelineAfter(actor.scope(), ticketId, afterEntryId).stream()
                        .map(e -> new TicketViews.TimelineFact(e.id(), e.at(), e.actorKind(), e.change(), e.oldValue(),
                                e.newValue())).toList()));
    }

    /**
     * The nearest SLA due instant of tickets (queues sort by it) and that clock's warning instant; written by the SLA
     * clocks, several tickets at once (one round trip).
     */
    @Transactional
    public void recordSlaDue(List<SlaDue> dues) {
        store.slaDue(dues);
    }

    /** A ticket's nearest SLA due instant and the instant its warning fires (either may be null). */
    public record SlaDue(long ticketId, Instant due, Instant warnAt) {}
}
