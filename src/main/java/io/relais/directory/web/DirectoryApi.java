package io.relais.directory.web;

import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryAccounts;
import io.relais.directory.DirectoryRecords.AgentForm;
import io.relais.directory.DirectoryRecords.AgentInfo;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.ContactInfo;
import io.relais.directory.DirectoryRecords;
import io.relais.directory.DirectoryRecords.GroupForm;
import io.relais.directory.DirectoryRecords.GroupInfo;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.directory.DirectoryRecords.OrganizationInfo;
import io.relais.directory.SupportLevel;
import io.relais.security.Actor;
import io.relais.security.Role;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Organizations, contacts, agents and groups over REST. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class DirectoryApi {
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final DirectoryAccounts directoryAccounts;

    DirectoryApi(Directory directory, AgentsAndGroups agentsAndGroups, DirectoryAccounts directoryAccounts) {
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.directoryAccounts = directoryAccounts;
    }

    /** {@code country}: ISO 3166 alpha-2 (phone numbers written nationally are read in it); omitted, from the time zone. */
    record OrganizationRequest(String name, List<String> domains, String contractRef, String timeZone, String language,
                               String country) {
        OrganizationForm form() {
            return new OrganizationForm(name, domains == null ? "" : String.join(",", domains), contractRef, timeZone, language,
                    country);
        }
    }

    /**
     * A contact; on PUT (and PATCH) a field left out keeps its value and an empty string clears an optional one.
     * {@code vip}, {@code orgManager} and {@code confirmForeignDomain} (attach an address whose domain another
     * organization declares) are for administrators.
     */
    record ContactRequest(Long organizationId, String name, String email, String phone, List<String> otherEmails,
                          List<String> otherPhones, String language, Boolean vip, Boolean orgManager, String password,
                          Boolean confirmForeignDomain) {
        ContactForm form() {
            return new ContactForm(organizationId, name, email, phone, language, vip, orgManager, otherEmails, otherPhones,
                    Boolean.TRUE.equals(confirmForeignDomain));
        }
    }

    record AgentRequest(String name, String email, Role role, Set<Long> groupIds, String password) {}

    record GroupRequest(String name, SupportLevel level, Boolean allOrganizations, Set<Long> organizationIds,
                        String description) {
        GroupForm form() {
            return new GroupForm(name, level, Boolean.TRUE.equals(allOrganizations), organizationIds, description);
        }
    }

    // ---- organizations

    @GetMapping("/organizations")
    List<OrganizationInfo> organizations(Actor actor) {
        return directory.organizations(actor);
    }

    @GetMapping("/organizations/{id}")
    OrganizationInfo organization(@PathVariable long id, Actor actor) {
        return directory.organization(actor, id).orElseThrow(() -> new NotFoundException("organization", id));
    }

    @PostMapping(path = "/organizations", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<OrganizationInfo> createOrganization(@RequestBody OrganizationRequest r, Actor actor) {
        var o = directory.createOrganization(actor, r.form());
        return ResponseEntity.created(URI.create("/api/v1/organizations/" + o.id())).body(o);
    }

    @PutMapping(path = "/organizations/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    OrganizationInfo updateOrganization(@PathVariable long id, @RequestBody OrganizationRequest r, Actor actor) {
        return directory.updateOrganization(actor, id, r.form());
    }

    // ---- contacts

    @GetMapping("/contacts")
    List<ContactInfo> contacts(@RequestParam(required = false) String q, @RequestParam(required = false) Long organizationId,
                               @RequestParam(defaultValue = "50") int limit, Actor actor) {
        if (limit < 1 || limit > 100) {
            throw InvalidInputException.field("limit", "between 1 and 100");
        }
        return directory.searchContacts(actor, q, organizationId, limit);
    }

    @GetMapping("/contacts/{id}")
    ContactInfo contact(@PathVariable long id, Actor actor) {
        return directory.contact(actor, id).orElseThrow(() -> new NotFoundException("contact", id));
    }

    @PostMapping(path = "/contacts", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ContactInfo> createContact(@RequestBody ContactRequest r, Actor actor) {
        var c = directoryAccounts.saveContact(actor, null, r.form(), r.password());
        return ResponseEntity.created(URI.create("/api/v1/contacts/" + c.id())).body(c);
    }

    @RequestMapping(path = "/contacts/{id}", method = {RequestMethod.PUT, RequestMethod.PATCH},
            consumes = MediaType.APPLICATION_JSON_VALUE)
    ContactInfo updateContact(@PathVariable long id, @RequestBody ContactRequest r, Actor actor) {
        if (r.password() != null) {
            throw InvalidInputException.field("password", "set a password on the contact's creation, or by its reset");
        }
        return directory.updateContact(actor, id, r.form());
    }

    @GetMapping("/contacts/{id}/history")
    List<DirectoryRecords.ContactEvent> contactHistory(@PathVariable long id, Actor actor) {
        return directory.contactHistory(actor, id);
    }

    // ---- agents and groups (staff information: agents only)

    /**
     * Agents and groups as the workspace shows them: administrators see all; others the groups serving every client or
     * one of theirs, and the agents of those groups (a team dedicated to another client stays out of sight).
     */
    @GetMapping("/agents")
    List<AgentInfo> agents(Actor actor) {
        actor.requireAgent();
        if (actor.isAdmin()) {
            return agentsAndGroups.agents();
        }
        var groups = visibleGroupIds(actor);
        return agentsAndGroups.agentsVisibleTo(actor).stream().map(a -> withGroups(a, groups)).toList();
    }

    @GetMapping("/agents/{id}")
    AgentInfo agent(@PathVariable long id, Actor actor) {
        actor.requireAgent();
        if (actor.isAdmin()) {
            return agentsAndGroups.agent(id).orElseThrow(() -> new NotFoundException("agent", id));
        }
        var groups = visibleGroupIds(actor);
        return agentsAndGroups.agentsVisibleTo(actor).stream().filter(a -> a.id() == id).findFirst().map(a -> withGroups(a, groups))
                .orElseThrow(() -> new NotFoundException("agent", id));
    }

    private Set<Long> visibleGroupIds(Actor actor) {
        return agentsAndGroups.groupsVisibleTo(actor).stream().map(GroupInfo::id).collect(java.util.stream.Collectors.toSet());
    }

    private static AgentInfo withGroups(AgentInfo a, Set<Long> visible) {
        return new AgentInfo(a.id(), a.name(), a.email(), a.role(), a.active(),
                a.groupIds().stream().filter(visible::contains).collect(java.util.stream.Collectors.toSet()));
    }

    @PostMapping(path = "/agents", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AgentInfo> createAgent(@RequestBody AgentRequest r, Actor actor) {
        var a = directoryAccounts.saveAgent(actor, null, new AgentForm(r.name(), r.email(), r.role(), r.groupIds()), r.password());
        return ResponseEntity.created(URI.create("/api/v1/agents/" + a.id())).body(a);
    }

    @PutMapping(path = "/agents/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    AgentInfo updateAgent(@PathVariable long id, @RequestBody AgentRequest r, Actor actor) {
        return agentsAndGroups.updateAgent(actor, id, new AgentForm(r.name(), r.email(), r.role(), r.groupIds()));
    }

    @GetMapping("/groups")
    List<GroupInfo> groups(Actor actor) {
        actor.requireAgent();
        return actor.isAdmin() ? agentsAndGroups.groups() : agentsAndGroups.groupsVisibleTo(actor).stream().map(g -> scoped(g, actor)).toList();
    }

    /** A group as a non-administrator sees it: only the organizations of their scope among those it serves. */
    private static GroupInfo scoped(GroupInfo g, Actor actor) {
        return new GroupInfo(g.id(), g.name(), g.level(), g.allOrganizations(), g.organizationIds().stream()
                .filter(actor.scope()::includesOrganization).collect(java.util.stream.Collectors.toSet()), g.memberIds(),
                g.description());
    }

    @GetMapping("/groups/{id}")
    GroupInfo group(@PathVariable long id, Actor actor) {
        actor.requireAgent();
        return (actor.isAdmin() ? agentsAndGroups.groups() : agentsAndGroups.groupsVisibleTo(actor)).stream().filter(g -> g.id() == id)
                .findFirst().map(g -> actor.isAdmin() ? g : scoped(g, actor)).orElseThrow(() -> new NotFoundException("group", id));
    }

    @PostMapping(path = "/groups", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<GroupInfo> createGroup(@RequestBody GroupRequest r, Actor actor) {
        var g = agentsAndGroups.createGroup(actor, r.form());
        return ResponseEntity.created(URI.create("/api/v1/groups/" + g.id())).body(g);
    }

    @PutMapping(path = "/groups/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    GroupInfo updateGroup(@PathVariable long id, @RequestBody GroupRequest r, Actor actor) {
        return agentsAndGroups.updateGroup(actor, id, r.form());
    }


}
