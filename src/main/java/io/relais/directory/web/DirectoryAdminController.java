package io.relais.directory.web;

import io.relais.common.FormPosts;
import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.directory.AddressHealth;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryAccounts;
import io.relais.directory.DirectoryRecords.ContactInfo;
import io.relais.directory.web.DirectoryForms.AgentFields;
import io.relais.directory.web.DirectoryForms.ContactFields;
import io.relais.directory.web.DirectoryForms.GroupFields;
import io.relais.directory.web.DirectoryForms.OrganizationFields;
import io.relais.directory.SupportLevel;
import io.relais.security.Actor;
import io.relais.security.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administration of organizations, contacts, agents and groups (administrators only, see SecurityConfig). */
@Controller
class DirectoryAdminController {
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final DirectoryAccounts directoryAccounts;
    private final ObjectProvider<AddressHealth> addressHealth;

    DirectoryAdminController(Directory directory, AgentsAndGroups agentsAndGroups, DirectoryAccounts directoryAccounts, ObjectProvider<AddressHealth> addressHealth) {
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.directoryAccounts = directoryAccounts;
        this.addressHealth = addressHealth;
    }

    // ---- organizations

    @GetMapping("/admin/organizations")
    String organizations(@RequestParam(required = false) Long edit, Actor actor, Model model) {
        var editing = edit == null ? null : directory.organization(actor, edit).orElse(null);
        model.addAttribute("form", editing == null ? OrganizationFields.empty() : OrganizationFields.of(editing));
        return organizationsPage(actor, model);
    }

    private String organizationsPage(Actor actor, Model model) {
        model.addAttribute("organizations", directory.organizations(actor));
        return "directory/organizations";
    }

    @PostMapping("/admin/organizations")
    String saveOrganization(@ModelAttribute("form") OrganizationFields form, BindingResult binding, Actor actor, Model model,
                            RedirectAttributes flash, HttpServletResponse response) {
        return FormPosts.save(binding, () -> form.id() == null ? directory.createOrganization(actor, form.form())
                        : directory.updateOrganization(actor, form.id(), form.form()),
                "/admin/organizations", flash, model, response, () -> {
                    // a value the binder could not read leaves no form to show: an empty one then
                    model.addAttribute("form", form != null ? form : OrganizationFields.empty());
                    return organizationsPage(actor, model);
                });
    }

    // ---- contacts

    @GetMapping("/admin/contacts")
    String contacts(@RequestParam(required = false) String q, @RequestParam(required = false) Long org,
                    @RequestParam(required = false) Long edit, Actor actor, Model model) {
        var editing = edit == null ? null : directory.contact(actor, edit).orElse(null);
        model.addAttribute("form", editing == null ? ContactFields.empty(org) : ContactFields.of(editing));
        return contactsPage(q, org, editing, actor, model);
    }

    private String contactsPage(String q, Long org, ContactInfo editing, Actor actor, Model model) {
        var contacts = directory.searchContacts(actor, q, org, 100);
        var shown = new ArrayList<>(contacts);
        if (editing != null) {
            shown.add(editing);
        }
        model.addAttribute("contacts", contacts);
        model.addAttribute("organizations", directory.organizations(actor));
        model.addAttribute("q", q);
        model.addAttribute("org", org);
        model.addAttribute("editing", editing);
        model.addAttribute("history", editing == null ? List.of() : directory.contactHistory(actor, editing.id()));
        var bounces = bounces(shown);
        model.addAttribute("bounces", bounces);
        model.addAttribute("editingBounces", editing == null ? List.of() : bounces.values().stream()
                .filter(b -> b.address().equalsIgnoreCase(editing.email())
                        || editing.otherEmails().stream().anyMatch(o -> o.equalsIgnoreCase(b.address())))
                .toList());
        return "directory/contacts";
    }

    /** Bounced addresses among these contacts' e-mail addresses (empty without the mail channel). */
    private Map<String, AddressHealth.Bounce> bounces(List<ContactInfo> contacts) {
        var health = addressHealth.getIfAvailable();
        if (health == null) {
            return Map.of();
        }
        var addresses = new ArrayList<String>();
        for (var c : contacts) {
            addresses.add(c.email());
            addresses.addAll(c.otherEmails());
        }
        return health.bounces(addresses);
    }

    /** After the customer fixed their mailbox: automatic mail goes to the address again. Only the contact's own addresses. */
    @PostMapping("/admin/contacts/{id}/bounces/clear")
    String clearBounce(@PathVariable long id, @RequestParam String address, Actor actor, RedirectAttributes flash) {
        var contact = directory.contact(actor, id).orElseThrow(() -> new NotFoundException("contact", id));
        var own = new ArrayList<String>(contact.otherEmails());
        own.add(contact.email());
        var health = addressHealth.getIfAvailable();
        if (health == null || own.stream().filter(Objects::nonNull).noneMatch(a -> a.equalsIgnoreCase(address.trim()))) {
            throw InvalidInputException.field("address", "not an address of this contact");
        }
        health.clear(address);
        flash.addFlashAttribute("saved", true);
        return "redirect:/admin/contacts?edit=" + id;
    }

    @PostMapping("/admin/contacts")
    String saveContact(@ModelAttribute("form") ContactFields form, BindingResult binding, Actor actor, Model model,
                       RedirectAttributes flash, HttpServletResponse response) {
        return FormPosts.save(binding, () -> directoryAccounts.saveContact(actor, form.id(), form.form(), form.login()),
                "/admin/contacts", flash, model, response, () -> {
                    model.addAttribute("form", form != null ? form.shown() : ContactFields.empty(null));
                    var editing = form == null || form.id() == null ? null : directory.contact(actor, form.id()).orElse(null);
                    return contactsPage(null, null, editing, actor, model);
                });
    }

    // ---- agents

    @GetMapping("/admin/agents")
    String agents(@RequestParam(required = false) Long edit, Model model) {
        var editing = edit == null ? null : agentsAndGroups.agent(edit).orElse(null);
        model.addAttribute("form", editing == null ? AgentFields.empty() : AgentFields.of(editing));
        return agentsPage(model);
    }

    private String agentsPage(Model model) {
        model.addAttribute("agents", agentsAndGroups.agents());
        model.addAttribute("groups", agentsAndGroups.groups());
        model.addAttribute("roles", List.of(Role.ADMIN, Role.SUPERVISOR, Role.AGENT));
        return "directory/agents";
    }

    @PostMapping("/admin/agents")
    String saveAgent(@ModelAttribute("form") AgentFields form, BindingResult binding, Actor actor, Model model,
                     RedirectAttributes flash, HttpServletResponse response) {
        return FormPosts.save(binding, () -> directoryAccounts.saveAgent(actor, form.id(), form.form(), form.login()),
                "/admin/agents", flash, model, response, () -> {
                    model.addAttribute("form", form != null ? form.shown() : AgentFields.empty());
                    return agentsPage(model);
                });
    }

    // ---- groups

    @GetMapping("/admin/groups")
    String groups(@RequestParam(required = false) Long edit, Actor actor, Model model) {
        var editing = edit == null ? null : agentsAndGroups.group(edit).orElse(null);
        model.addAttribute("form", editing == null ? GroupFields.empty() : GroupFields.of(editing));
        return groupsPage(actor, model);
    }

    private String groupsPage(Actor actor, Model model) {
        model.addAttribute("groups", agentsAndGroups.groups());
        model.addAttribute("organizations", directory.organizations(actor));
        model.addAttribute("orgNames", directory.organizationNames());
        model.addAttribute("levels", SupportLevel.values());
        return "directory/groups";
    }

    @PostMapping("/admin/groups")
    String saveGroup(@ModelAttribute("form") GroupFields form, BindingResult binding, Actor actor, Model model,
                     RedirectAttributes flash, HttpServletResponse response) {
        return FormPosts.save(binding, () -> form.id() == null ? agentsAndGroups.createGroup(actor, form.form())
                        : agentsAndGroups.updateGroup(actor, form.id(), form.form()),
                "/admin/groups", flash, model, response, () -> {
                    model.addAttribute("form", form != null ? form : GroupFields.empty());
                    return groupsPage(actor, model);
                });
    }
}
