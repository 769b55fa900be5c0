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
import jakarta.persistence.EntityManagerFactory;
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
    private final EntityManagerFactory emf;

    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private final org.springframework.transaction.support.TransactionTemplate tx;

    TicketIndexing(EntityManagerFactory emf, org.springframework.jdbc.core.simple.JdbcClient jdbc,
                   org.springframework.transaction.support.TransactionTemplate tx) {
        this.emf = emf;
        this.jdbc = jdbc;
        this.tx = tx;
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
        var worker = new Thread(() -> {
            try {
                // explicit updates (replacing each document), in batches by id: the desk answers meanwhile
                long after = 0;
                while (true) {
                    var ids = jdbc.sql("select distinct ticket_id from article where kind = 'CALL' and ticket_id > ?"
                            + " order by ticket_id fetch first 200 rows only").param(after).query(Long.class).list();
                    if (ids.isEmpty()) {
                        break;
                    }
                    tx.executeWithoutResult(s -> {
                        for (var id : ids) {
                            var ticket = em.find(Ticket.class, id);
                            if (ticket != null) {
                                Search.session(em).indexingPlan().addOrUpdate(ticket);
                            }
                        }
                    });
                    after = ids.get(ids.size() - 1);
                }
                jdbc.sql("delete from search_rewrite_pending where reason = 'CALLS_INTERNAL'").update();
            } catch (RuntimeException e) {
                log.warn("Rewriting the search documents of tickets with calls failed (done again at the next start): {}",
                        e.toString());
            }
        }, "search-rewrite");
        worker.setDaemon(true);
        worker.start();
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
        reindex("e.requesterId = :id", event.contactId());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(DirectoryEvents.OrganizationRenamed event) {
        reindex("e.organizationId = :id", event.organizationId());
    }

    /** Once after an upgrade: the tickets of requesters with a number, which their documents now index in E.164. */
    @EventListener
    void on(DirectoryEvents.PhonesRekeyed event) {
        reindex("e.requesterId in (select c.id from Contact c where c.phoneDigits is not null and c.id > :id)", 0L);
    }

    private void reindex(String condition, long id) {
        var session = emf.createEntityManager();
        // never purge: only these tickets are rewritten, the rest of the index stays as it is
        var indexer = Search.session(session).massIndexer(Ticket.class).purgeAllOnStart(false).mergeSegmentsOnFinish(false)
                .threadsToLoadObjects(1).batchSizeToLoadObjects(100);
        indexer.type(Ticket.class).reindexOnly(condition).param("id", id);
        indexer.start().whenComplete((ok, failure) -> {
                    session.close();
                    if (failure != null) {
                        log.warn("Rewriting the search documents of tickets where {} ({}) failed: {}", condition, id, failure.toString());
                    }
                });
    }
}
