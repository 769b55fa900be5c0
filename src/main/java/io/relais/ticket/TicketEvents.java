package io.relais.ticket;

import io.relais.ticket.TicketEnums.ArticleKind;
import io.relais.ticket.TicketEnums.Channel;

/** Events other modules react to (notifications, SLA clocks, search): ids only, never entities. */
public final class TicketEvents {
    private TicketEvents() {}

    /**
     * {@code automatic}: opened by an automatic message (an auto-reply, a bounce): nothing answers it;
     * {@code imported}: opened by a mail archive import: nothing is mailed about it, it has no SLA clocks.
     */
    public record TicketCreated(long ticketId, long organizationId, Channel channel, boolean automatic, boolean imported) {}

    public record TicketChanged(long ticketId, long organizationId, long version) {}

    /** The status moved; published in the transaction of the change, like every event here. */
    public record StatusChanged(long ticketId, long organizationId, Status from, Status to, boolean byAgent) {}

    /**
     * {@code origin}: the channel the article came by; {@code automatic}: written by a machine;
     * {@code quoteHistory}: the agent asked for the earlier messages to be quoted when it is mailed;
     * {@code imported}: taken from a mail archive: nothing is mailed about it.
     */
    public record ArticleAdded(long ticketId, long articleId, ArticleKind kind, boolean internal, boolean byAgent,
                               Channel origin, boolean automatic, boolean quoteHistory, boolean imported) {
        public ArticleAdded(long ticketId, long articleId, ArticleKind kind, boolean internal, boolean byAgent,
                            Channel origin, boolean automatic) {
            this(ticketId, articleId, kind, internal, byAgent, origin, automatic, false, false);
        }
    }
}
