package io.relais.search;

import io.relais.security.Actor;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.search.mapper.orm.Search;
import org.hibernate.search.mapper.pojo.massindexing.MassIndexingMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Builds the search indexes from the database: on start when they are empty (a new installation on an
 * existing database, a deleted index folder, a bulk load), and when an administrator asks. The index is
 * emptied first (the mass indexer adds documents, it does not replace them), so during a rebuild searches
 * find only what is rebuilt so far. One rebuild at a time per node; its progress is kept for the page and
 * the API.
 *
 * <p>A crash loses the index work of the last moments: the Lucene index is committed to disk about once a
 * second, and a change is indexed just after its transaction commits. So on start, before the node answers
 * requests, the tickets changed since the newest change the index holds, less a safety window (longer than
 * any transaction plus the moment until it is indexed), are indexed again: a ticket whose last change is
 * missing from the index was changed at most that window before the newest change it does hold.
 */
@Service
public class SearchIndex implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);

    public record Progress(boolean running, long done, long total, Instant startedAt, Instant finishedAt, String error) {
        static final Progress IDLE = new Progress(false, 0, 0, null, null, null);
    }

    private final EntityManagerFactory emf;
    private final io.relais.ticket.TicketReindexing ticketReindexing;
    private final Clock clock;
    private volatile Progress progress = Progress.IDLE;

    private final java.time.Duration window;

    SearchIndex(EntityManagerFactory emf, Clock clock,
                @Value("${relais.search.reconcile-window:PT15M}") java.time.Duration window,
                io.relais.ticket.TicketReindexing ticketReindexing) {
        this.ticketReindexing = ticketReindexing;
        this.emf = emf;
        this.clock = clock;
        this.window = window;
    }

    @Override
    public void afterSingletonsInstantiated() {
        reconcile();
    }

    /** Indexes again the tickets changed since the newest change the index holds, less the window; answers how many. */
    long reconcile() {
        Instant newest;
        try (var em = emf.createEntityManager()) {
            var session = Search.session(em);
            newest = session.search(session.scope(Object.class, "Ticket")).select(f -> f.field("updatedAt", Instant.class))
                    .where(f -> f.matchAll()).sort(f -> f.field("updatedAt").desc()).fetchHits(1).stream().findFirst().orElse(null);
            if (newest == null) {
                return 0; // an empty index is built whole when the application is ready
            }
            var since = newest.minus(window);
            var count = (Long) em.createQuery("select count(t) from Ticket t where t.updatedAt >= :since")
                    .setParameter("since", since).getSingleResult();
            if (count == 0) {
                return 0;
            }
            // each document replaced (the mass indexer without purging would add a second one next to it)
            ticketReindexing.rewriteChangedSince(since);
            log.info("Search index reconciled: {} tickets changed since {} indexed again", count, since);
            return count;
        }
    }

    public Progress progress() {
        return progress;
    }

    /** Starts a rebuild (administrators); answers the progress of the one already running if there is one. */
    public synchronized Progress rebuild(Actor actor) {
        actor.requireAdmin();
        return start();
    }

    /** The indexes built from the database; one empty while its table is not (a new index type, a lost index directory) has them all built. */
    static final java.util.List<String> INDEXED = java.util.List.of("Ticket", "Contact", "Organization", "KbArticle", "KnownError");

    @EventListener(ApplicationReadyEvent.class)
    void buildIfEmpty() {
        String empty = null;
        try (var em = emf.createEntityManager()) {
            var session = Search.session(em);
            for (var entity : INDEXED) {
                if (session.search(session.scope(Object.class, entity)).where(f -> f.matchAll()).fetchTotalHitCount() == 0
                        && !em.createQuery("select 1 from " + entity).setMaxResults(1).getResultList().isEmpty()) {
                    empty = entity;
                    break;
                }
            }
        }
        if (empty != null) {
            log.info("The search index of {} is empty: building the indexes from the database", empty);
            synchronized (this) {
                start();
            }
        }
    }

    private Progress start() {
        if (progress.running()) {
            return progress;
        }
        var done = new AtomicLong();
        var total = new AtomicLong();
        var startedAt = clock.instant();
        progress = new Progress(true, 0, 0, startedAt, null, null);
        var em = emf.createEntityManager();
        Search.session(em).massIndexer()
                .purgeAllOnStart(true)
                .mergeSegmentsOnFinish(true)
                .threadsToLoadObjects(2)
                .batchSizeToLoadObjects(100)
                .monitor(new MassIndexingMonitor() {
                    @Override
                    public void documentsAdded(long n) {
                        progress = new Progress(true, done.addAndGet(n), total.get(), startedAt, null, null);
                    }

                    @Override
                    public void documentsBuilt(long n) {}

                    @Override
                    public void entitiesLoaded(long n) {}

                    @Override
                    public void addToTotalCount(long n) {
                        total.addAndGet(n);
                    }

                    @Override
                    public void indexingCompleted() {}
                })
                .start()
                .whenComplete((ok, failure) -> {
                    em.close();
                    progress = new Progress(false, done.get(), total.get(), startedAt, clock.instant(),
                            failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage());
                    if (failure != null) {
                        log.warn("Building the search index failed after {} documents", done.get(), failure);
                    } else {
                        log.info("Search index built: {} documents", done.get());
                    }
                });
        return progress;
    }
}
