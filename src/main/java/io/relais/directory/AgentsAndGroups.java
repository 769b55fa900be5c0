package io.relais.directory;

import io.relais.common.Letters;
import io.relais.common.EmailAddress;
import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.directory.DirectoryRecords.AgentForm;
import io.relais.directory.DirectoryRecords.AgentInfo;
import io.relais.directory.DirectoryRecords.GroupForm;
import io.relais.directory.DirectoryRecords.GroupInfo;
import io.relais.directory.internal.Agent;
import io.relais.directory.internal.AgentGroup;
import io.relais.directory.internal.AgentGroupRepository;
import io.relais.directory.internal.AgentRepository;
import io.relais.directory.internal.OrganizationRepository;
import io.relais.directory.internal.ServiceCoverage;
import io.relais.security.Actor;
import io.relais.security.Role;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The desk's agents and their groups: who works in which team, which teams serve which organizations
 * ({@link ServiceCoverage}), and so which groups and agents may take a ticket of an organization or be picked by an
 * agent. Changes are for administrators. (Split from {@link Directory}, which keeps organizations and contacts.)
 */
@Service
public class AgentsAndGroups {
    private final AgentRepository agents;
    private final AgentGroupRepository groups;
    private final OrganizationRepository organizations;
    private final JdbcClient jdbc;
    private final Clock clock;

    AgentsAndGroups(AgentRepository agents, AgentGroupRepository groups, OrganizationRepository organizations, JdbcClient jdbc,
                    Clock clock) {
        this.agents = agents;
        this.groups = groups;
        this.organizations = organizations;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<AgentInfo> agents() {
        var memberships = new HashMap<Long, Set<Long>>();
        groups.findAllByName().forEach(g -> g.memberIds().forEach(m -> memberships.computeIfAbsent(m, k -> new HashSet<>()).add(g.id())));
        return agents.findAllByName().stream()
                .map(a -> new AgentInfo(a.id(), a.name(), a.email(), a.role(), a.active(), memberships.getOrDefault(a.id(), Set.of())))
                .toList();
    }

    /** The active agent with this address (mail intake: a reply from an agent's own mail client). */
    @Transactional(readOnly = true)
    public Optional<Long> activeAgentByEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        // Asked for every incoming mail: plain SQL (the JPQL version rebuilt its SQL on every call).
        return jdbc.sql("select id from agent where lower(email) = ? and active = true order by id fetch first 1 rows only")
                .param(Letters.lower(email.trim())).query(Long.class).optional();
    }

    @Transactional(readOnly = true)
    public Optional<AgentInfo> agent(long id) {
        return agents.findById(id).map(a -> new AgentInfo(a.id(), a.name(), a.email(), a.role(), a.active(),
                new HashSet<>(groups.findByMember(a.id()).stream().map(AgentGroup::id).toList())));
    }

    @Transactional
    public AgentInfo createAgent(Actor actor, AgentForm form) {
        actor.requireAdmin();
        validate(form, null);
        var agent = agents.save(new Agent(form.name().trim(), Letters.lower(form.email().trim()), form.role(), clock.instant()));
        setMemberships(agent.id(), form.groupIds());
        return agent(agent.id()).orElseThrow();
    }

    @Transactional
    public AgentInfo updateAgent(Actor actor, long id, AgentForm form) {
        actor.requireAdmin();
        var agent = agents.findById(id).orElseThrow(() -> new NotFoundException("agent", id));
        validate(form, id);
        agent.update(form.name().trim(), Letters.lower(form.email().trim()), form.role());
        setMemberships(id, form.groupIds());
        return agent(id).orElseThrow();
    }

    /**
     * Groups an agent may see and pick: those serving all organizations or at least one organization
     * of the actor's scope (a team dedicated to another client stays out of sight).
     */
    @Transactional(readOnly = true)
    public List<GroupInfo> groupsVisibleTo(Actor actor) {
        return groups().stream().filter(g -> visible(g, actor)).toList();
    }

    /** Groups that can take a ticket of this organization. */
    @Transactional(readOnly = true)
    public List<GroupInfo> groupsServing(long organizationId) {
        return groups().stream().filter(g -> g.serves(organizationId)).toList();
    }

    /** Active agents who share at least one organization with the actor's scope. */
    @Transactional(readOnly = true)
    public List<AgentInfo> agentsVisibleTo(Actor actor) {
        var groups = groups();
        return agents().stream().filter(AgentInfo::active)
                .filter(a -> actor.scope().allOrganizations()
                        || groups.stream().anyMatch(g -> a.groupIds().contains(g.id()) && g.coverage().servesAnyOf(actor.scope())))
                .toList();
    }

    /** Active agents who may be assigned a ticket of this organization. */
    @Transactional(readOnly = true)
    public List<AgentInfo> agentsServing(long organizationId) {
        var groups = groups();
        return agents().stream().filter(a -> a.active() && (a.role() == Role.ADMIN || groups.stream().anyMatch(g ->
                a.groupIds().contains(g.id()) && g.serves(organizationId))))
                .toList();
    }

    private static boolean visible(GroupInfo g, Actor actor) {
        return g.coverage().servesAnyOf(actor.scope());
    }

    @Transactional(readOnly = true)
    public List<GroupInfo> groups() {
        return groups.findAllByName().stream().map(AgentsAndGroups::info).toList();
    }

    @Transactional(readOnly = true)
    public Optional<GroupInfo> group(long id) {
        return groups.findById(id).map(AgentsAndGroups::info);
    }

    /** One query: the group's level and whether it serves the organization (all, or listed). */
    @Transactional(readOnly = true)
    public Optional<DirectoryRecords.GroupCheck> checkGroup(long groupId, long organizationId) {
        return jdbc.sql("select g.support_level, " + ServiceCoverage.sql("g", "org") + " from agent_group g where g.id = :id")
                .param("id", groupId).param("org", organizationId)
                .query((rs, n) -> new DirectoryRecords.GroupCheck(groupId, SupportLevel.valueOf(rs.getString(1)), rs.getBoolean(2)))
                .optional();
    }

    @Transactional(readOnly = true)
    public List<GroupInfo> groupsOf(long agentId) {
        return groups.findByMember(agentId).stream().map(AgentsAndGroups::info).toList();
    }

    @Transactional
    public GroupInfo createGroup(Actor actor, GroupForm form) {
        actor.requireAdmin();
        validate(form, null);
        return info(groups.save(new AgentGroup(form.name().trim(), form.level(), form.allOrganizations(),
                orgs(form.organizationIds()), blankToNull(form.description()))));
    }

    @Transactional
    public GroupInfo updateGroup(Actor actor, long id, GroupForm form) {
        actor.requireAdmin();
        var group = groups.findById(id).orElseThrow(() -> new NotFoundException("group", id));
        validate(form, id);
        group.update(form.name().trim(), form.level(), form.allOrganizations(), orgs(form.organizationIds()),
                blankToNull(form.description()));
        return info(group);
    }


    private void setMemberships(long agentId, Set<Long> groupIds) {
        var wanted = groupIds == null ? Set.<Long>of() : groupIds;
        for (var id : wanted) {
            groups.findById(id).orElseThrow(() -> InvalidInputException.field("groupIds", "unknown group " + id));
        }
        for (var g : groups.findAllByName()) {
            if (wanted.contains(g.id())) {
                g.addMember(agentId);
            } else {
                g.removeMember(agentId);
            }
        }
    }

    private Set<Long> orgs(Set<Long> ids) {
        var result = new HashSet<Long>();
        for (var id : ids == null ? Set.<Long>of() : ids) {
            organizations.findById(id).orElseThrow(() -> InvalidInputException.field("organizationIds", "unknown organization " + id));
            result.add(id);
        }
        return result;
    }

    private void validate(AgentForm form, Long exceptId) {
        var problems = new ArrayList<InvalidInputException.FieldProblem>();
        if (form.name() == null || form.name().isBlank()) {
            problems.add(new InvalidInputException.FieldProblem("name", "required"));
        }
        if (!EmailAddress.isValid(form.email())) {
            problems.add(new InvalidInputException.FieldProblem("email", "not an e-mail address"));
        } else {
            agents.findByEmailIgnoreCase(form.email().trim()).filter(a -> !a.id().equals(exceptId)).ifPresent(a ->
                    problems.add(new InvalidInputException.FieldProblem("email", "already used by another agent")));
        }
        if (form.role() == null || form.role() == Role.CUSTOMER) {
            problems.add(new InvalidInputException.FieldProblem("role", "ADMIN, SUPERVISOR or AGENT"));
        }
        throwIfAny(problems);
    }

    private void validate(GroupForm form, Long exceptId) {
        var problems = new ArrayList<InvalidInputException.FieldProblem>();
        if (form.name() == null || form.name().isBlank() || form.name().length() > 200) {
            problems.add(new InvalidInputException.FieldProblem("name", "required, at most 200 characters"));
        } else {
            groups.findByNameIgnoreCase(form.name().trim()).filter(g -> !g.id().equals(exceptId)).ifPresent(g ->
                    problems.add(new InvalidInputException.FieldProblem("name", "already used by another group")));
        }
        if (form.level() == null) {
            problems.add(new InvalidInputException.FieldProblem("level", "L1, L2, L3 or SPECIALIST"));
        }
        throwIfAny(problems);
    }

    private static GroupInfo info(AgentGroup g) {
        return new GroupInfo(g.id(), g.name(), g.level(), g.allOrganizations(), g.organizationIds(), g.memberIds(),
                g.description());
    }

    private static void throwIfAny(List<InvalidInputException.FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid input", problems);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
