package io.relais.directory.internal;

import io.relais.security.Role;
import io.relais.security.Scope;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * "A group serves this organization", written once: a group marked for all organizations serves every one, any
 * other group the organizations listed for it. Whom an agent may see follows from it (the organizations their
 * groups serve), as do which groups and agents may take a ticket of an organization. In Java for groups already
 * read, and as the same rule in SQL for a check in one query ({@link #sql}).
 *
 * @param allOrganizations the group serves every organization, present and future
 * @param organizationIds  the organizations it serves otherwise
 */
public record ServiceCoverage(boolean allOrganizations, Set<Long> organizationIds) {
    public ServiceCoverage {
        organizationIds = Set.copyOf(organizationIds);
    }

    /** Whether the group may take a ticket of this organization. */
    public boolean serves(long organizationId) {
        return allOrganizations || organizationIds.contains(organizationId);
    }

    /** Whether the group serves at least one organization a person with this scope sees (a team they may pick). */
    public boolean servesAnyOf(Scope scope) {
        return allOrganizations || scope.allOrganizations() || organizationIds.stream().anyMatch(scope::includesOrganization);
    }

    /** What an agent sees: everything for an administrator or a member of a group serving all, else what their groups serve. */
    public static Scope scopeOf(Role role, Collection<ServiceCoverage> groups) {
        if (role == Role.ADMIN || groups.stream().anyMatch(ServiceCoverage::allOrganizations)) {
            return Scope.everything();
        }
        var ids = new HashSet<Long>();
        groups.forEach(g -> ids.addAll(g.organizationIds()));
        return Scope.organizations(ids);
    }

    /**
     * The rule in SQL: the group {@code group} (an alias of {@code agent_group}) serves the organization bound to the
     * named parameter {@code organizationParam}.
     */
    public static String sql(String group, String organizationParam) {
        return "(" + group + ".all_organizations or exists (select 1 from group_organization go where go.group_id = " + group
                + ".id and go.organization_id = :" + organizationParam + "))";
    }
}
