package io.relais.ticket;

import io.relais.common.ConflictException;
import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.security.Actor;
import io.relais.ticket.TicketCommands.NewLink;
import io.relais.ticket.TicketEnums.LinkKind;
import io.relais.ticket.internal.FieldChange;
import io.relais.ticket.internal.TicketLink;
import io.relais.ticket.internal.TicketStore;
import io.relais.ticket.internal.TimelineWriter;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tickets put in relation by an agent: linked (parent and child, related, duplicate), unlinked, merged. One transaction each. */
@Service
public class TicketLinks {
    private final TicketStore store;
    private final TimelineWriter timeline;
    private final Clock clock;

    TicketLinks(TicketStore store, TimelineWriter timeline, Clock clock) {
        this.store = store;
        this.timeline = timeline;
        this.clock = clock;
    }

    @Transactional
    public long link(long ticketId, NewLink cmd, Actor actor) {
        actor.requireAgent();
        var ticket = timeline.editable(ticketId, actor);
        if (cmd.kind() == null) {
            throw InvalidInputException.field("kind", "PARENT_OF, RELATED or DUPLICATE_OF");
        }
        var target = store.ticket(actor.scope(), cmd.targetTicketId())
                .orElseThrow(() -> InvalidInputException.field("targetTicketId", "unknown ticket"));
        if (target.id().equals(ticket.id())) {
            throw InvalidInputException.field("targetTicketId", "a ticket cannot be linked to itself");
        }
        if (store.linkExists(ticket.id(), target.id(), cmd.kind())
                || (cmd.kind() == LinkKind.RELATED && store.linkExists(target.id(), ticket.id(), LinkKind.RELATED))) {
            throw new ConflictException("These tickets are already linked that way");
        }
        if (cmd.kind() == LinkKind.PARENT_OF && store.linkExists(target.id(), ticket.id(), LinkKind.PARENT_OF)) {
            throw new ConflictException("The target is already the parent of this ticket");
        }
        var now = clock.instant();
        var link = store.persist(new TicketLink(ticket.id(), target.id(), cmd.kind(), now));
        timeline.commit(ticket, actor, now, List.of(FieldChange.of(Change.LINK_ADDED, null, cmd.kind() + " #" + target.number())));
        return link.id();
    }

    @Transactional
    public void unlink(long ticketId, long linkId, Actor actor) {
        actor.requireAgent();
        var ticket = timeline.editable(ticketId, actor);
        var link = store.link(ticket.id(), linkId).orElseThrow(() -> new NotFoundException("link", linkId));
        var otherId = link.sourceId() == ticket.id() ? link.targetId() : link.sourceId();
        var other = store.ticket(actor.scope(), otherId).orElseThrow(() -> new NotFoundException("link", linkId));
        store.remove(link);
        timeline.commit(ticket, actor, clock.instant(), List.of(FieldChange.of(Change.LINK_REMOVED, link.kind() + " #" + other.number(), null)));
    }

    /** Moves the conversation of {@code ticketId} into {@code targetId}; the merged ticket becomes a pointer. */
    @Transactional
    public void merge(long ticketId, long targetId, Actor actor) {
        actor.requireAgent();
        var source = timeline.editable(ticketId, actor);
        var target = store.ticket(actor.scope(), targetId)
                .orElseThrow(() -> InvalidInputException.field("targetTicketId", "unknown ticket"));
        if (target.id().equals(source.id())) {
            throw InvalidInputException.field("targetTicketId", "a ticket cannot be merged into itself");
        }
        if (target.isMerged()) {
            throw new ConflictException("The target was itself merged into another ticket");
        }
        if (target.organizationId() != source.organizationId()) {
            throw InvalidInputException.field("targetTicketId", "tickets of different organizations cannot be merged");
        }
        var now = clock.instant();
        store.moveConversation(source.id(), target.id());
        timeline.commit(source, actor, now, source.mergeInto(target.id(), target.number(), now));
        timeline.commit(target, actor, now, List.of(FieldChange.of(Change.MERGED_FROM, null, source.number())));
    }
}
