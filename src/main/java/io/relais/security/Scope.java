package io.relais.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.search.engine.search.predicate.dsl.PredicateFinalStep;
import org.hibernate.search.engine.search.predicate.dsl.SearchPredicateFactory;

/**
 * The organizations whose data a person may see.
 *
 * <ul>
 *   <li>an agent: the organizations served by their groups, or all when a group serves all;</li>
 *   <li>a customer: their own organization, and only their own tickets unless they are the
 *       organization's manager ({@code ownContactId} is then null).</li>
 * </ul>
 *
 * @param allOrganizations true when no organization filter applies
 * @param organizationIds  the organizations visible when {@code allOrganizations} is false
 * @param ownContactId     when not null, only rows whose requester (or contact) is this contact
 */
public record Scope(boolean allOrganizations, Set<Long> organizationIds, Long ownContactId) {

    public Scope {
        organizationIds = Set.copyOf(organizationIds);
    }

    public static Scope everything() {
        return new Scope(true, Set.of(), null);
    }

    public static Scope organizations(Set<Long> ids) {
        return new Scope(false, ids, null);
    }

    public static Scope ownTickets(long organizationId, long contactId) {
        return new Scope(false, Set.of(organizationId), contactId);
    }

    /** Whether every ticket is visible: all organizations, not only one's own tickets. */
    public boolean unrestricted() {
        return allOrganizations && ownContactId == null;
    }

    public boolean includesOrganization(long organizationId) {
        return allOrganizations || organizationIds.contains(organizationId);
    }

    /** Whether a row owned by {@code organizationId} and requested by {@code contactId} is visible. */
    public boolean permits(long organizationId, long contactId) {
        return includesOrganization(organizationId) && (ownContactId == null || ownContactId == contactId);
    }

    /**
     * The predicate to AND into a JPQL or SQL query. {@code organizationExpr} and {@code contactExpr}
     * name the columns (or paths) holding the row's organization and requester. Parameters are named
     * {@code scopeOrgs} and {@code scopeContact}; bind them with {@link Clause#params()}.
     */
    public Clause clause(String organizationExpr, String contactExpr) {
        var params = new LinkedHashMap<String, Object>();
        var sql = new StringBuilder();
        if (allOrganizations) {
            sql.append("1=1");
        } else if (organizationIds.isEmpty()) {
            sql.append("1=0");
        } else {
            sql.append(organizationExpr).append(" in (:scopeOrgs)");
            params.put("scopeOrgs", organizationIds);
        }
        if (ownContactId != null) {
            sql.append(" and ").append(contactExpr).append(" = :scopeContact");
            params.put("scopeContact", ownContactId);
        }
        return new Clause("(" + sql + ")", Map.copyOf(params));
    }

    /**
     * The same rule as {@link #clause}, as a filter of a search index: documents whose {@code organizationField} holds
     * an organization of the scope ({@code null}: the documents are organizations, by their id), and, for a customer
     * who sees only their own tickets, whose {@code contactField} holds them ({@code null}: no such restriction
     * applies to these documents).
     */
    public PredicateFinalStep searchFilter(SearchPredicateFactory f, String organizationField, String contactField) {
        PredicateFinalStep organizations;
        if (allOrganizations) {
            organizations = f.matchAll();
        } else if (organizationIds.isEmpty()) {
            organizations = f.matchNone();
        } else {
            var ids = List.copyOf(organizationIds);
            organizations = organizationField == null ? f.id().matchingAny(ids) : f.terms().field(organizationField).matchingAny(ids);
        }
        if (ownContactId == null || contactField == null) {
            return organizations;
        }
        return f.and(organizations, f.match().field(contactField).matching(ownContactId));
    }

    /** The same organizations, without the restriction to one's own tickets (what an organization's lists may show). */
    public Scope organizationsOnly() {
        return new Scope(allOrganizations, organizationIds, null);
    }

    /** A predicate and its parameters. */
    public record Clause(String sql, Map<String, Object> params) {}
}
