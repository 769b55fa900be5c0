package io.relais.ticket;

import io.relais.ticket.internal.Ticket;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.search.mapper.orm.Search;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rewrites the search documents of some tickets, replacing each (an indexing plan's update, in batches of 200 by id,
 * one transaction each). Hibernate Search's mass indexer is for whole rebuilds only: without purging first it adds a
 * second document next to the old one, and the old text stays searchable.
 */
@Component
public class TicketReindexing {
    private static final int BATCH = 200;

    @PersistenceContext
    private EntityManager em;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    TicketReindexing(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** The tickets changed at or after this instant (a crash may have kept their last change out of the index). */
    public long rewriteChangedSince(Instant since) {
        return rewrite("t.updated_at >= ?", since.atOffset(ZoneOffset.UTC));
    }

    /**
     * The tickets matching an SQL condition on {@code ticket t} with at most one parameter ({@code null}: none);
     * answers how many were rewritten. Call it outside a transaction: each batch commits on its own.
     */
    public long rewrite(String condition, Object parameter) {
        long after = 0;
        long done = 0;
        while (true) {
            var params = new ArrayList<Object>();
            if (parameter != null) {
                params.add(parameter);
            }
            params.add(after);
            List<Long> ids = jdbc.sql("select t.id from ticket t where (" + condition + ") and t.id > ? order by t.id"
                    + " fetch first " + BATCH + " rows only").params(params).query(Long.class).list();
            if (ids.isEmpty()) {
                return done;
            }
            tx.executeWithoutResult(s -> {
                var plan = Search.session(em).indexingPlan();
                for (var id : ids) {
                    var ticket = em.find(Ticket.class, id);
                    if (ticket != null) {
                        plan.addOrUpdate(ticket);
                    }
                }
            });
            done += ids.size();
            after = ids.get(ids.size() - 1);
        }
    }
}
