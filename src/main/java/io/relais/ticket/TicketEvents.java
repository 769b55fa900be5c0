package io.relais.ticket;

import io.relais.ticket.TicketEnums.ArticleKind;
import io.relais.ticket.TicketEnums.Channel;

/** Events other modules react to (notifications, SLA clocks, search): ids only, never entities. */
public final class TicketEvents {
    private TicketEvents() {}

    public record TicketCreated(long ticketId, long organizationId, Channel channel) {}

    public record TicketChanged(long ticketId, long organizationId, long version) {}

    public record ArticleAdded(long ticketId, long articleId, ArticleKind kind, boolean internal, boolean byAgent) {}
}
