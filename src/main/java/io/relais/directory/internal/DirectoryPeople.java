package io.relais.directory.internal;

import io.relais.security.PersonDirectory;
import io.relais.security.Role;
import io.relais.security.Scope;
import java.util.HashSet;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells security who is behind an account and what they may see: an agent serves the
 * organizations of their groups (administrators serve all); a customer sees their organization,
 * and only their own tickets unless they are its manager.
 */
@Component
class DirectoryPeople implements PersonDirectory {
    private final AgentRepository agents;
    private final AgentGroupRepository groups;
    private final ContactRepository contacts;
    private final OrganizationRepository organizations;

    DirectoryPeople(AgentRepository agents, AgentGroupRepository groups, ContactRepository contacts,
                    OrganizationRepository organizations) {
        this.agents = agents;
        this.groups = groups;
        this.contacts = contacts;
        this.organizations = organizations;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Person> agent(long agentId) {
        return agents.findById(agentId).map(a -> new Person(a.name(), a.role(), agentScope(a), null, a.active()));
    }

    private Scope agentScope(Agent agent) {
        if (agent.role() == Role.ADMIN) {
            return Scope.everything();
        }
        var ids = new HashSet<Long>();
        for (var g : groups.findByMember(agent.id())) {
            if (g.allOrganizations()) {
                return Scope.everything();
            }
            ids.addAll(g.organizationIds());
        }
        return Scope.organizations(ids);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Person> contact(long contactId) {
        return contacts.findForAuthentication(contactId).map(c -> {
            var active = organizations.findById(c.organizationId()).map(Organization::active).orElse(false);
            var scope = c.orgManager()
                    ? Scope.organizations(java.util.Set.of(c.organizationId()))
                    : Scope.ownTickets(c.organizationId(), c.id());
            return new Person(c.name(), Role.CUSTOMER, scope, c.language(), active);
        });
    }
}
