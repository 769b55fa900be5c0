package io.relais.directory.internal;

import io.relais.security.PersonDirectory;
import io.relais.security.Role;
import io.relais.security.Scope;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Tells security who is behind an account and what they may see: an agent serves the
 * organizations of their groups (administrators serve all); a customer sees their organization,
 * and only their own tickets unless they are its manager. One SQL round trip per person, remembered
 * for the rest of the request (authentication and the request's actor ask the same question).
 */
@Component
class DirectoryPeople implements PersonDirectory {
    private static final String MEMO = DirectoryPeople.class.getName() + ".";

    private final JdbcClient jdbc;

    DirectoryPeople(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Person> agent(long agentId) {
        return remembered("agent." + agentId, () -> loadAgent(agentId));
    }

    @Override
    public Optional<Person> contact(long contactId) {
        return remembered("contact." + contactId, () -> loadContact(contactId));
    }

    private Optional<Person> loadAgent(long agentId) {
        record Row(String name, String role, boolean active, Long groupId, boolean allOrganizations, Long organizationId) {}
        var rows = jdbc.sql("select a.name, a.role, a.active, g.id, g.all_organizations, go.organization_id from agent a"
                        + " left join group_member gm on gm.agent_id = a.id"
                        + " left join agent_group g on g.id = gm.group_id"
                        + " left join group_organization go on go.group_id = g.id where a.id = :id")
                .param("id", agentId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getObject(4, Long.class),
                        rs.getBoolean(5), rs.getObject(6, Long.class)))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        var first = rows.get(0);
        var role = Role.valueOf(first.role());
        // the agent's groups, each with what it serves, then the one rule
        var all = new java.util.HashMap<Long, Boolean>();
        var listed = new java.util.HashMap<Long, Set<Long>>();
        for (var r : rows) {
            if (r.groupId() != null) {
                all.put(r.groupId(), r.allOrganizations());
                var orgs = listed.computeIfAbsent(r.groupId(), k -> new HashSet<>());
                if (r.organizationId() != null) {
                    orgs.add(r.organizationId());
                }
            }
        }
        var groups = all.keySet().stream().map(id -> new ServiceCoverage(all.get(id), listed.get(id))).toList();
        Scope scope = ServiceCoverage.scopeOf(role, groups);
        return Optional.of(new Person(first.name(), role, scope, null, first.active()));
    }

    private Optional<Person> loadContact(long contactId) {
        return jdbc.sql("select c.name, c.organization_id, c.org_manager, c.language, o.active from contact c"
                        + " join organization o on o.id = c.organization_id where c.id = :id")
                .param("id", contactId)
                .query((rs, n) -> {
                    var org = rs.getLong(2);
                    var scope = rs.getBoolean(3) ? Scope.organizations(Set.of(org)) : Scope.ownTickets(org, contactId);
                    return new Person(rs.getString(1), Role.CUSTOMER, scope, rs.getString(4), rs.getBoolean(5));
                })
                .optional();
    }

    @SuppressWarnings("unchecked")
    private static Optional<Person> remembered(String key, Supplier<Optional<Person>> load) {
        var request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return load.get();
        }
        if (request.getAttribute(MEMO + key, RequestAttributes.SCOPE_REQUEST) instanceof Optional<?> known) {
            return (Optional<Person>) known;
        }
        var person = load.get();
        request.setAttribute(MEMO + key, person, RequestAttributes.SCOPE_REQUEST);
        return person;
    }
}
