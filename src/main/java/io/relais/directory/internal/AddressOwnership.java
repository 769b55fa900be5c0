package io.relais.directory.internal;

import io.relais.common.InvalidInputException.FieldProblem;
import io.relais.common.Letters;
import io.relais.security.Actor;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may attach an e-mail address to a contact. Mail is filed by its sender's address before its domain, so an
 * address decides which client's ticket a mail lands in; the rules:
 * <ul>
 * <li>an address belongs to one contact only; to a caller who cannot see its owner, the refusal says nothing about
 *     that owner (the same words as a domain refusal);</li>
 * <li>an address in a domain that another organization declares (and the contact's own does not) belongs to that
 *     organization: only an administrator may attach it elsewhere, by confirming it, which is kept as a grant
 *     (the intake reads it) and told on the contact's history.</li>
 * </ul>
 */
@Component
public class AddressOwnership {
    /** What a caller who may not attach an address is told, whatever the reason (it must not tell them which). */
    public static final String NOT_ATTACHABLE =
            "cannot be attached to this contact: the address or its domain belongs to another client (an administrator can check)";

    private final JdbcClient jdbc;

    AddressOwnership(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An organization that declares a domain. */
    public record Declarer(long id, String name) {}

    /** The contact holding an address (primary or other), any organization: for checks, never shown unscoped. */
    public record Holder(long contactId, long organizationId, String name) {}

    /** Whether an address may be attached ({@code problem} empty), and whether it is another organization's domain. */
    public record Decision(Optional<FieldProblem> problem, boolean foreignDomain) {}

    /**
     * Whether {@code actor} may attach {@code address} (new to this contact) to a contact of {@code organizationId}
     * ({@code contactId} null for a new contact), with a problem on {@code field} if not, and whether the address is
     * of another organization's domain. {@code confirmed}: an administrator confirmed such an address.
     */
    public Decision decide(Actor actor, long organizationId, Long contactId, String field, String address,
                           boolean confirmed) {
        var holder = holder(address);
        if (holder.isPresent() && (contactId == null || holder.get().contactId() != contactId)) {
            var seen = actor.scope().permits(holder.get().organizationId(), holder.get().contactId());
            return new Decision(Optional.of(new FieldProblem(field, seen
                    ? "already used by another contact: " + holder.get().name() + " (" + address + ")"
                    : address + " " + NOT_ATTACHABLE)), false);
        }
        var others = foreignDeclarers(organizationId, domainOf(address));
        if (others.isEmpty()) {
            return new Decision(Optional.empty(), false);
        }
        if (!actor.isAdmin()) {
            return new Decision(Optional.of(new FieldProblem(field, address + " " + NOT_ATTACHABLE)), true);
        }
        if (!confirmed) {
            return new Decision(Optional.of(new FieldProblem(field, address + ": its domain is declared by "
                    + String.join(", ", others.stream().map(Declarer::name).toList())
                    + "; confirm that it belongs to this contact to attach it anyway (confirmForeignDomain)")), true);
        }
        return new Decision(Optional.empty(), true);
    }

    /**
     * The organizations other than {@code organizationId} that declare {@code domain}, none when {@code organizationId}
     * declares it too (two companies of one group sharing a domain).
     */
    public List<Declarer> foreignDeclarers(long organizationId, String domain) {
        if (domain == null || domain.isEmpty()) {
            return List.of();
        }
        var declaring = jdbc.sql("select id, name, domains from organization order by name, id")
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)}).list().stream()
                .filter(row -> row[2] != null && Arrays.asList(((String) row[2]).split(",")).contains(domain))
                .map(row -> new Declarer((Long) row[0], (String) row[1])).toList();
        if (declaring.stream().anyMatch(d -> d.id() == organizationId)) {
            return List.of();
        }
        return declaring;
    }

    /** The contact holding this address as its primary or another address, whoever may see it. */
    public Optional<Holder> holder(String address) {
        var normalized = Letters.lower(address.trim());
        return jdbc.sql("select c.id, c.organization_id, c.name from contact c where lower(c.email) = :a"
                        + " union select c.id, c.organization_id, c.name from contact c join contact_address x on x.contact_id = c.id"
                        + " where x.kind = 'EMAIL' and x.normalized = :a")
                .param("a", normalized).query((rs, i) -> new Holder(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                .list().stream().findFirst();
    }

    /** Whether an administrator confirmed this address on this contact. */
    public boolean granted(long contactId, String address) {
        return jdbc.sql("select count(*) from foreign_address_grant where address = ? and contact_id = ?")
                .params(Letters.lower(address), contactId).query(Long.class).single() > 0;
    }

    /** Keeps the grants of a contact to the addresses it still has, and grants the confirmed ones. */
    public void grants(long contactId, Collection<String> confirmedNow, Collection<String> addressesKept, Actor actor,
                       Instant now) {
        var kept = addressesKept.stream().map(Letters::lower).toList();
        var existing = jdbc.sql("select address from foreign_address_grant where contact_id = ?").param(contactId)
                .query(String.class).list();
        for (var address : existing) {
            if (!kept.contains(address)) {
                jdbc.sql("delete from foreign_address_grant where address = ?").param(address).update();
            }
        }
        for (var address : confirmedNow) {
            var a = Letters.lower(address);
            if (!existing.contains(a)) {
                jdbc.sql("delete from foreign_address_grant where address = ?").param(a).update();
                jdbc.sql("insert into foreign_address_grant (address, contact_id, granted_at, granted_by) values (?, ?, ?, ?)")
                        .params(a, contactId, now.atOffset(java.time.ZoneOffset.UTC), cut(actor.name(), 200)).update();
            }
        }
    }

    public static String domainOf(String address) {
        var at = address == null ? -1 : address.lastIndexOf('@');
        return at < 0 ? null : Letters.lower(address.substring(at + 1).trim());
    }

    private static String cut(String s, int max) {
        return s == null ? "?" : s.length() <= max ? s : s.substring(0, max);
    }
}
