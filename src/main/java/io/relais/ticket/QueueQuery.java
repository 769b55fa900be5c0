package io.relais.ticket;

import io.relais.ticket.TicketEnums.Priority;
import java.util.Set;

/**
 * A queue request: a view, optional filters, a sort, and a keyset cursor (from the previous page's
 * {@code nextCursor}). Filters narrow the view; they never widen the actor's scope.
 */
public record QueueQuery(QueueView view, Set<Status> statuses, Set<Priority> priorities, Long organizationId,
                         Long groupId, Long assigneeId, Long requesterId, String text, Sort sort, String cursor,
                         int limit) {

    /** {@code DUE_ASC}: the nearest SLA due first, tickets without a running clock last. */
    public enum Sort { UPDATED_DESC, UPDATED_ASC, CREATED_DESC, CREATED_ASC, NUMBER_DESC, NUMBER_ASC, DUE_ASC }

    public QueueQuery {
        view = view == null ? QueueView.OPEN : view;
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        priorities = priorities == null ? Set.of() : Set.copyOf(priorities);
        sort = sort == null ? Sort.UPDATED_DESC : sort;
        limit = limit <= 0 ? 50 : Math.min(limit, 200);
    }

    public static QueueQuery of(QueueView view) {
        return new QueueQuery(view, null, null, null, null, null, null, null, null, null, 50);
    }
}
