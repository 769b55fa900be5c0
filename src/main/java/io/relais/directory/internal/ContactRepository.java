package io.relais.directory.internal;

import io.relais.security.Scope;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Contacts, always read through the caller's {@link Scope}: there is deliberately no unscoped
 * finder, so forgetting the tenant check does not compile.
 */
@Component
public class ContactRepository {
    private final EntityManager em;

    ContactRepository(EntityManager em) {
        this.em = em;
    }

    public Contact save(Contact contact) {
        if (contact.id() == null) {
            em.persist(contact);
            return contact;
        }
        return em.merge(contact);
    }

    /** By primary key (from the persistence context when already there), then the scope check the queries use. */
    public Optional<Contact> find(Scope scope, long id) {
        return Optional.ofNullable(em.find(Contact.class, id)).filter(c -> scope.permits(c.organizationId(), c.id()));
    }

    /** The organization of a contact visible in the scope: one query, for checks on hot paths. */
    public Optional<Long> organizationOf(Scope scope, long id) {
        var clause = scope.clause("c.organizationId", "c.id");
        var q = em.createQuery("select c.organizationId from Contact c where c.id = :id and " + clause.sql(), Long.class)
                .setParameter("id", id);
        clause.params().forEach(q::setParameter);
        return q.setMaxResults(1).getResultList().stream().findFirst();
    }

    /** Contacts whose name, e-mail or phone contains the text, visible in the scope, best matches first. */
    public List<Contact> search(Scope scope, String text, Long organizationId, int limit) {
        var clause = scope.clause("c.organizationId", "c.id");
        var where = new StringBuilder(clause.sql());
        var needle = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        var digits = Contact.digits(needle);
        if (!needle.isEmpty()) {
            where.append(" and (lower(c.name) like :like or lower(c.email) like :like");
            where.append(" or exists (select 1 from c.addresses a where a.kind = io.relais.directory.internal.ContactAddress.Kind.EMAIL and a.normalized like :like)");
            if (digits != null && digits.length() >= 3) {
                where.append(" or c.phoneDigits like :digits");
                where.append(" or exists (select 1 from c.addresses p where p.kind = io.relais.directory.internal.ContactAddress.Kind.PHONE and p.normalized like :digits)");
            }
            where.append(")");
        }
        if (organizationId != null) {
            where.append(" and c.organizationId = :org");
        }
        var q = em.createQuery("select c from Contact c where " + where + " order by c.name, c.id", Contact.class)
                .setMaxResults(limit);
        clause.params().forEach(q::setParameter);
        if (!needle.isEmpty()) {
            q.setParameter("like", "%" + needle.replace("%", "\\%").replace("_", "\\_") + "%");
            if (digits != null && digits.length() >= 3) {
                q.setParameter("digits", "%" + digits);
            }
        }
        if (organizationId != null) {
            q.setParameter("org", organizationId);
        }
        return q.getResultList();
    }
}
