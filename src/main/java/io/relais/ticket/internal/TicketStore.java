package io.relais.ticket.internal;

import io.relais.security.Scope;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Every read of tickets, articles, attachments, links and timeline entries. Each method takes the
 * caller's {@link Scope} and ANDs {@link Scope#clause} into its query, so rows of an organization
 * outside the scope are never loaded (not loaded then filtered). There is no unscoped finder.
 */
@Component
public class TicketStore {
    private static final String SCOPE = "t.organizationId";
    private static final String REQUESTER = "t.requesterId";

    private final EntityManager em;

    TicketStore(EntityManager em) {
        this.em = em;
    }

    /** Flush, build the pending search documents, clear: see {@code TicketIntake.settle}. */
    public void settle() {
        em.flush();
        org.hibernate.search.mapper.orm.Search.session(em).indexingPlan().process();
        em.clear();
    }

    /** This transaction's search index work done after its commit without waiting: see {@code TicketIntake.indexWithoutWaiting}. */
    public void indexWithoutWaiting() {
        org.hibernate.search.mapper.orm.Search.session(em).indexingPlanSynchronizationStrategy(
                org.hibernate.search.mapper.pojo.work.IndexingPlanSynchronizationStrategy.async());
    }

    public <T> T persist(T entity) {
        em.persist(entity);
        return entity;
    }

    public long nextNumber() {
        return ((Number) em.createNativeQuery("select nextval('ticket_number_seq')").getSingleResult()).longValue();
    }

    /** By primary key (from the persistence context when already there), then the same scope check as the queries. */
    public Optional<Ticket> ticket(Scope scope, long id) {
        return Optional.ofNullable(em.find(Ticket.class, id)).filter(t -> scope.permits(t.organizationId(), t.requesterId()));
    }

    public List<Article> articles(Scope scope, long ticketId, boolean includeInternal) {
        return scoped(scope, "select a from Article a, Ticket t where a.ticketId = t.id and t.id = :id"
                + (includeInternal ? "" : " and a.internal = false") + " and ", Article.class,
                " order by a.createdAt, a.id")
                .setParameter("id", ticketId).getResultList();
    }

    /** Attachments of visible articles (those of internal notes only when {@code includeInternal}). */
    public List<Attachment> attachments(Scope scope, long ticketId, boolean includeInternal) {
        return scoped(scope, "select f from Attachment f join Ticket t on f.ticketId = t.id"
                + " left join Article a on f.articleId = a.id"
                + " where t.id = :id" + (includeInternal ? "" : " and (a.id is null or a.internal = false)") + " and ",
                Attachment.class, " order by f.id")
                .setParameter("id", ticketId).getResultList();
    }

    public Optional<Attachment> attachment(Scope scope, long ticketId, long attachmentId, boolean includeInternal) {
        return scoped(scope, "select f from Attachment f join Ticket t on f.ticketId = t.id"
                + " left join Article a on f.articleId = a.id"
                + " where t.id = :tid and f.id = :id" + (includeInternal ? "" : " and (a.id is null or a.internal = false)")
                + " and ", Attachment.class)
                .setParameter("tid", ticketId).setParameter("id", attachmentId).setMaxResults(1).getResultList().stream().findFirst();
    }

    public List<TimelineEntry> timeline(Scope scope, long ticketId) {
        return scoped(scope, "select e from TimelineEntry e, Ticket t where e.ticketId = t.id and t.id = :id and ",
                TimelineEntry.class, " order by e.id")
                .setParameter("id", ticketId).getResultList();
    }

    /** Entries after {@code afterId}, oldest first (the SLA clocks read what they have not read yet). */
    public List<TimelineEntry> timelineAfter(Scope scope, long ticketId, long afterId) {
        return scoped(scope, "select e from TimelineEntry e, Ticket t where e.ticketId = t.id and t.id = :id and e.id > :after and ",
                TimelineEntry.class, " order by e.id")
                .setParameter("id", ticketId).setParameter("after", afterId).getResultList();
    }

    /** Records the nearest SLA due instant, which queues sort by (derived data: no version, no timeline). */
    /**
     * The nearest SLA due and warning instants of several tickets, in one JDBC batch (one round trip) after the
     * pending changes are flushed, as a native update would have flushed them.
     */
    public void slaDue(List<io.relais.ticket.SlaSources.SlaDue> dues) {
        if (dues.isEmpty()) {
            return;
        }
        em.flush();
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (var st = connection.prepareStatement("update ticket set sla_due_at = ?, sla_warn_at = ? where id = ?")) {
                for (var d : dues) {
                    st.setObject(1, utc(d.due()));
                    st.setObject(2, utc(d.warnAt()));
                    st.setLong(3, d.ticketId());
                    st.addBatch();
                }
                st.executeBatch();
            }
        });
    }

    private static java.time.OffsetDateTime utc(java.time.Instant instant) {
        return instant == null ? null : java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
    }

    /** The last {@code limit} entries, oldest first. */
    public List<TimelineEntry> timelineTail(Scope scope, long ticketId, int limit) {
        var newestFirst = scoped(scope, "select e from TimelineEntry e, Ticket t where e.ticketId = t.id and t.id = :id and ",
                TimelineEntry.class, " order by e.id desc")
                .setParameter("id", ticketId).setMaxResults(limit).getResultList();
        var entries = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(entries);
        return entries;
    }

    public List<TimelineEntry> timelineSince(Scope scope, long ticketId, long version) {
        return scoped(scope, "select e from TimelineEntry e, Ticket t where e.ticketId = t.id and t.id = :id"
                + " and e.ticketVersion > :v and ", TimelineEntry.class, " order by e.id")
                .setParameter("id", ticketId).setParameter("v", version).getResultList();
    }

    /** Links of a ticket whose other end is visible too (a link never reveals a ticket out of scope). */
    public List<Object[]> links(Scope scope, long ticketId) {
        var clause = scope.clause("t.organizationId", "t.requesterId");
        var q = em.createQuery("select l, t from TicketLink l, Ticket t where "
                + "((l.sourceId = :id and t.id = l.targetId) or (l.targetId = :id and t.id = l.sourceId)) and "
                + clause.sql() + " order by l.id", Object[].class).setParameter("id", ticketId);
        clause.params().forEach(q::setParameter);
        return q.getResultList();
    }

    public Optional<TicketLink> link(long ticketId, long linkId) {
        return em.createQuery("select l from TicketLink l where l.id = :id and (l.sourceId = :t or l.targetId = :t)", TicketLink.class)
                .setParameter("id", linkId).setParameter("t", ticketId).setMaxResults(1).getResultList().stream().findFirst();
    }

    public boolean linkExists(long sourceId, long targetId, io.relais.ticket.TicketEnums.LinkKind kind) {
        return !em.createQuery("select l.id from TicketLink l where l.sourceId = :s and l.targetId = :t and l.kind = :k", Long.class)
                .setParameter("s", sourceId).setParameter("t", targetId).setParameter("k", kind)
                .setMaxResults(1).getResultList().isEmpty();
    }

    public void remove(TicketLink link) {
        em.remove(link);
    }

    /** Moves the conversation of a merged ticket to its target (articles and their attachments). */
    public void moveConversation(long fromTicketId, long toTicketId) {
        em.createQuery("update Article a set a.ticketId = :to where a.ticketId = :from")
                .setParameter("to", toTicketId).setParameter("from", fromTicketId).executeUpdate();
        em.createQuery("update Attachment f set f.ticketId = :to where f.ticketId = :from")
                .setParameter("to", toTicketId).setParameter("from", fromTicketId).executeUpdate();
    }

    /**
     * An article by id, for the system paths (intake, outbox) that already hold a verified reference: by primary key,
     * then its ticket's scope check as {@link #ticket} does it (from the persistence context when the transaction
     * holds them, as for a reply being mailed).
     */
    public Optional<Article> article(Scope scope, long id) {
        return Optional.ofNullable(em.find(Article.class, id)).filter(a -> ticket(scope, a.ticketId()).isPresent());
    }

    /** The latest replies that could not be mailed (delivery NOT_SENT), newest first, each with its ticket. */
    public List<Object[]> notSent(Scope scope, int limit) {
        return scoped(scope, "select a, t from Article a, Ticket t where a.ticketId = t.id and a.deliveryState = :state and ",
                Object[].class, " order by a.id desc")
                .setParameter("state", io.relais.ticket.TicketEnums.DeliveryState.NOT_SENT).setMaxResults(limit).getResultList();
    }

    /** Adds a participant; false when they already were one. */
    public boolean addParticipant(long ticketId, long contactId, java.time.Instant now) {
        if (em.find(TicketParticipant.class, new TicketParticipant.Key(ticketId, contactId)) != null) {
            return false;
        }
        em.persist(new TicketParticipant(ticketId, contactId, now));
        return true;
    }

    public List<Long> participants(Scope scope, long ticketId) {
        return scoped(scope, "select p.contactId from TicketParticipant p, Ticket t where p.ticketId = t.id and t.id = :id and ",
                Long.class, " order by p.addedAt, p.contactId").setParameter("id", ticketId).getResultList();
    }

    /** Message-IDs of the ticket's mailed articles, oldest first (for References). */
    public List<String> messageIds(Scope scope, long ticketId) {
        return scoped(scope, "select a.messageId from Article a, Ticket t where a.ticketId = t.id and t.id = :id"
                + " and a.messageId is not null and ", String.class, " order by a.createdAt, a.id")
                .setParameter("id", ticketId).getResultList();
    }

    private <T> TypedQuery<T> scoped(Scope scope, String head, Class<T> type) {
        return scoped(scope, head, type, "");
    }

    private <T> TypedQuery<T> scoped(Scope scope, String head, Class<T> type, String tail) {
        var clause = scope.clause(SCOPE, REQUESTER);
        var q = em.createQuery(head + clause.sql() + tail, type);
        clause.params().forEach(q::setParameter);
        return q;
    }
}
