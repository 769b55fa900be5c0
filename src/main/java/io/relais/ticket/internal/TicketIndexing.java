package io.relais.ticket.internal;

import io.relais.ticket.TicketEvents.ArticleAdded;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.search.mapper.orm.Search;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import io.relais.directory.DirectoryEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message added to a ticket rewrites the ticket's search document in the same transaction. A renamed
 * requester or organization rewrites the documents of their tickets after the change commits, in the
 * background (there may be thousands): searches find the new name within seconds.
 */
@Component
class TicketIndexing {
    private static final Logger log = LoggerFactory.getLogger(TicketIndexing.class);

    @PersistenceContext
    private EntityManager em;

    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private final io.relais.ticket.TicketReindexing reindexing;

    TicketIndexing(org.springframework.jdbc.core.simple.JdbcClient jdbc,
                   io.relais.ticket.TicketReindexing reindexing) {
        this.jdbc = jdbc;
        this.reindexing = reindexing;
    }

    /**
     * Once after the upgrade that made call logs internal: the documents of tickets with calls are rewritten (they
     * still held the calls as text a customer could search), then the pending row is deleted; a crash before the end
     * leaves it, and the next start does it again.
     */
    @EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void rewritePending() {
        var pending = jdbc.sql("select reason from search_rewrite_pending where reason = 'CALLS_INTERNAL'").query(String.class).list();
        if (pending.isEmpty()) {
            return;
        }
        background("tickets with calls", () -> {
            reindexing.rewrite("exists (select 1 from article a where a.ticket_id = t.id and a.kind = 'CALL')", null);
            jdbc.sql("delete from search_rewrite_pending where reason = 'CALLS_INTERNAL'").update();
        });
    }

    @EventListener
    void on(ArticleAdded event) {
        var ticket = em.find(Ticket.class, event.ticketId());
        if (ticket != null) {
            Search.session(em).indexingPlan().addOrUpdate(ticket);
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(DirectoryEvents.ContactRenamed event) {
        background("the tickets of contact " + event.contactId(), () -> reindexing.rewrite("t.requester_id = ?", event.contactId()));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(DirectoryEvents.OrganizationRenamed event) {
        background("the tickets of organization " + event.organizationId(),
                () -> reindexing.rewrite("t.organization_id = ?", event.organizationId()));
    }

    /** Once after an upgrade: the tickets of requesters with a number, which their documents now index in E.164. */
    @EventListener
    void on(DirectoryEvents.PhonesRekeyed event) {
        background("the tickets of requesters with a number", () -> reindexing.rewrite(
                "t.requester_id in (select c.id from contact c where c.phone_digits is not null)", null));
    }

    /** Rewrites in the background (there may be thousands): searches find the change within seconds. */
    private void background(String what, Runnable rewrite) {
        var worker = new Thread(() -> {
            try {
                rewrite.run();
            } catch (RuntimeException e) {
                log.warn("Rewriting the search documents of {} failed: {}", what, e.toString());
            }
        }, "search-rewrite");
        worker.setDaemon(true);
        worker.start();
    }
}
