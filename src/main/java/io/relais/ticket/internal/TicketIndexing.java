package io.relais.ticket.internal;

import io.relais.ticket.TicketEvents.ArticleAdded;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.search.mapper.orm.Search;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A message added to a ticket rewrites the ticket's search document in the same transaction. */
@Component
class TicketIndexing {
    @PersistenceContext
    private EntityManager em;

    @EventListener
    void on(ArticleAdded event) {
        var ticket = em.find(Ticket.class, event.ticketId());
        if (ticket != null) {
            Search.session(em).indexingPlan().addOrUpdate(ticket);
        }
    }
}
