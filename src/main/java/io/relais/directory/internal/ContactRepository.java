package io.relais.directory.internal;

import io.relais.common.Letters;
import io.relais.directory.PhoneNumbers;
import io.relais.security.Scope;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Contacts, always read through the caller's {@link Scope}: there is deliberately no unscoped
 * finder, so forgetting the tenant check does not compile.
 */
@Component
public class ContactRepository {
    /** A look-up reads a number in this many countries at most (an unrestricted scope spans them all). */
    static final int MAX_REGIONS = 8;

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

    /**
     * The countries of the scope's organizations, most common first, at most {@link #MAX_REGIONS}: one grouped query
     * over the organizations (rows older than the country column derive it from their time zone).
     */
    public List<String> phoneRegions(Scope scope) {
        var clause = scope.organizationsOnly().clause("o.id", "o.id");
        var q = em.createQuery("select o.country, o.timeZone, o.language from Organization o where " + clause.sql()
                + " group by o.country, o.timeZone, o.language order by count(o) desc", Object[].class)
                .setMaxResults(4 * MAX_REGIONS);
        clause.params().forEach(q::setParameter);
        var regions = new LinkedHashSet<String>();
        for (var row : q.getResultList()) {
            regions.add(row[0] != null ? (String) row[0] : PhoneNumbers.countryOf((String) row[1], (String) row[2]));
        }
        return regions.stream().limit(MAX_REGIONS).toList();
    }

    /** Re-keys the numbers of an organization's contacts visible in the scope in {@code region} (its country changed). */
    public void readPhonesIn(Scope scope, long organizationId, String region) {
        var clause = scope.clause("c.organizationId", "c.id");
        var q = em.createQuery("select c from Contact c where c.organizationId = :org and " + clause.sql()
                        + " and (c.phone is not null or exists (select 1 from c.addresses a"
                        + " where a.kind = io.relais.directory.internal.ContactAddress.Kind.PHONE))", Contact.class)
                .setParameter("org", organizationId);
        clause.params().forEach(q::setParameter);
        q.getResultStream().forEach(c -> c.readPhonesIn(region));
    }

    /** Contacts whose name, e-mail or phone contains the text, visible in the scope, best matches first. */
    public List<Contact> search(Scope scope, String text, Long organizationId, int limit) {
        var clause = scope.clause("c.organizationId", "c.id");
        var where = new StringBuilder(clause.sql());
        var needle = text == null ? "" : Letters.lower(text.trim());
        var digits = Contact.digits(needle);
        var phones = digits != null && digits.length() >= 6 ? PhoneNumbers.candidates(needle, phoneRegions(scope)) : java.util.Set.<String>of();
        if (!needle.isEmpty()) {
            where.append(" and (lower(c.name) like :like or lower(c.email) like :like");
            where.append(" or exists (select 1 from c.addresses a where a.kind = io.relais.directory.internal.ContactAddress.Kind.EMAIL and a.normalized like :like)");
            if (digits != null && digits.length() >= 3) {
                // the digits as typed, at the end of the stored key (a partial number, or one that could not be read)
                where.append(" or c.phoneDigits like :digits");
                where.append(" or exists (select 1 from c.addresses p where p.kind = io.relais.directory.internal.ContactAddress.Kind.PHONE and p.normalized like :digits)");
            }
            if (!phones.isEmpty()) {
                // the number read in each country of the scope, in E.164 as stored
                where.append(" or c.phoneDigits in (:phones)");
                where.append(" or exists (select 1 from c.addresses e where e.kind = io.relais.directory.internal.ContactAddress.Kind.PHONE and e.normalized in (:phones))");
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
            if (!phones.isEmpty()) {
                q.setParameter("phones", phones);
            }
        }
        if (organizationId != null) {
            q.setParameter("org", organizationId);
        }
        return q.getResultList();
    }
}
