package io.relais.ticket.internal;

import io.relais.common.ConflictException;
import io.relais.common.NotFoundException;
import io.relais.security.Actor;
import io.relais.ticket.Change;
import io.relais.ticket.Status;
import io.relais.ticket.TicketEvents.StatusChanged;
import io.relais.ticket.TicketEvents.TicketChanged;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The one writer of timeline entries: each ticket command hands it the changes it made ({@link FieldChange}),
 * in the command's transaction, and it appends them (audit by construction). No transaction of its own: it runs
 * in its caller's.
 */
@Component
public class TimelineWriter {
    private final TicketStore store;
    private final ApplicationEventPublisher events;

    TimelineWriter(TicketStore store, ApplicationEventPublisher events) {
        this.store = store;
        this.events = events;
    }

    /** The ticket a person is about to change, within their scope; a merged ticket no longer changes. */
    public Ticket editable(long ticketId, Actor actor) {
        var ticket = store.ticket(actor.scope(), ticketId).orElseThrow(() -> new NotFoundException("ticket", ticketId));
        if (ticket.isMerged()) {
            throw new ConflictException("This ticket was merged into another one and can no longer change");
        }
        return ticket;
    }

    /**
     * A change of the ticket: its version and "updated" move, each change is an entry at the new version, and
     * {@link TicketChanged} (then a {@link StatusChanged} per status change) is published. Nothing without changes.
     */
    public void commit(Ticket ticket, Actor actor, Instant now, List<FieldChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        var newVersion = ticket.version() + 1;
        ticket.touch(now);
        write(ticket, actor, now, newVersion, changes);
        events.publishEvent(new TicketChanged(ticket.id(), ticket.organizationId(), newVersion));
        for (var c : changes) {
            if (c.change() == Change.STATUS) {
                events.publishEvent(new StatusChanged(ticket.id(), ticket.organizationId(), Status.valueOf(c.oldValue()),
                        Status.valueOf(c.newValue()), actor.isAgent() && actor.kind() != Actor.Kind.SYSTEM));
            }
        }
    }

    /** Entries at {@code version}, the ticket itself untouched (its creation at 0, an SLA alert at its current version). */
    public void write(Ticket ticket, Actor actor, Instant now, long version, List<FieldChange> changes) {
        for (var c : changes) {
            store.persist(new TimelineEntry(ticket.id(), version, now, actor.kind().name(),
                    actor.kind() == Actor.Kind.SYSTEM ? null : actor.personId(), actor.name(), c));
        }
    }
}
