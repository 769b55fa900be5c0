package io.relais.directory.web;

import io.relais.common.FormPosts;
import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.directory.AddressHealth;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryAccounts;
import io.relais.directory.DirectoryRecords.ContactInfo;
import io.relais.directory.DirectoryRecords.AgentForm;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.GroupForm;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.directory.SupportLevel;
import io.relais.security.Actor;
import io.relais.security.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administration of organizations, contacts, agents and groups (administrators only, see SecurityConfig). */
@Controller
class DirectoryAdminController {
    private final Directory directory;
    private final DirectoryAccounts directoryAccounts;
    private final ObjectProvider<AddressHealth> addressHealth;

    DirectoryAdminController(Directory directory, DirectoryAccounts directoryAccounts, ObjectProvider<AddressHealth> addressHealth) {
        this.directory = directory;
        this.directoryAccounts = directoryAccounts;
        this.addressHealth = addressHealth;
    }

    // ---- organizations

    @GetMapping("/admin/organizations")
    String organizations(@RequestParam(required = false) Long edit, Actor actor, Model model) {
        model.addAttribute("organizations", directory.organizations(actor));
        model.addAttribute("editing", edit == null ? null : directory.organization(actor, edit).orElse(null));
        return "directory/organizations";
    }

    @PostMapping("/admin/organizations")
    String saveOrganization(@RequestParam(required = false) Long id, OrganizationForm form, Actor actor, Model model,
                            RedirectAttributes flash, HttpServletResponse response) {
        return FormPosts.save(() -> id == null ? directory.createOrganization(actor, form) : directory.updateOrganization(actor, id, form),
                "/admin/organizations", flash, model, response, () -> organizations(id, actor, model));
    }

    // ---- contacts

    @GetMapping("/admin/contacts")
    String contacts(@RequestParam(required = false) String q, @RequestParam(required = false) Long org,
                    @RequestParam(required = false) Long edit, Actor actor, Model model) {
        var contacts = directory.searchContacts(actor, q, org, 100);
        var editing = edit == null ? null : directory.contact(actor, edit).orElse(null);
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
    String saveContact(@RequestParam(required = false) Long id, @RequestParam(required = false) Long organizationId,
                       @RequestParam String name, @RequestParam(required = false) String email,
                       @RequestParam(required = false) String phone, @RequestParam(required = false) String otherEmails,
                       @RequestParam(required = false) String otherPhones, @RequestParam(required = false) String language,
                       @RequestParam(defaultValue = "false") boolean vip, @RequestParam(defaultValue = "false") boolean orgManager,
                       @RequestParam(defaultValue = "false") boolean confirmForeignDomain,
                       @RequestParam(required = false) String password, Actor actor, Model model,
                       RedirectAttributes flash, HttpServletResponse response) {
        var form = new ContactForm(organizationId, name, email, phone, language, vip, orgManager,
                split(otherEmails), split(otherPhones), confirmForeignDomain);
        return FormPosts.save(() -> directoryAccounts.saveContact(actor, id, form, password == null || password.isBlank() ? null : password),
                "/admin/contacts", flash, model, response, () -> contacts(null, null, id, actor, model));
    }

    // ---- agents

    @GetMapping("/admin/agents")
    String agents(@RequestParam(required = false) Long edit, Model model) {
        model.addAttribute("agents", directory.agents());
        model.addAttribute("groups", directory.groups());
        model.addAttribute("roles", List.of(Role.ADMIN, Role.SUPERVISOR, Role.AGENT));
        model.addAttribute("editing", edit == null ? null : directory.agent(edit).orElse(null));
        return "directory/agents";
    }

    @PostMapping("/admin/agents")
    String saveAgent(@RequestParam(required = false) Long id, @RequestParam String name, @RequestParam String email,
                     @RequestParam Role role, @RequestParam(required = false) Set<Long> groupIds,
                     @RequestParam(required = false) String password, Actor actor, Model model,
                     RedirectAttributes flash, HttpServletResponse response) {
        var form = new AgentForm(name, email, role, groupIds == null ? Set.of() : groupIds);
        return FormPosts.save(() -> directoryAccounts.saveAgent(actor, id, form, password == null || password.isBlank() ? null : password),
                "/admin/agents", flash, model, response, () -> agents(id, model));
    }

    // ---- groups

    @GetMapping("/admin/groups")
    String groups(@RequestParam(required = false) Long edit, Actor actor, Model model) {
        model.addAttribute("groups", directory.groups());
        model.addAttribute("organizations", directory.organizations(actor));
        model.addAttribute("orgNames", directory.organizationNames());
        model.addAttribute("levels", SupportLevel.values());
        model.addAttribute("editing", edit == null ? null : directory.group(edit).orElse(null));
        return "directory/groups";
    }

    @PostMapping("/admin/groups")
    String saveGroup(@RequestParam(required = false) Long id, @RequestParam String name, @RequestParam SupportLevel level,
                     @RequestParam(defaultValue = "false") boolean allOrganizations,
                     @RequestParam(required = false) Set<Long> organizationIds, @RequestParam(required = false) String description,
                     Actor actor, Model model, RedirectAttributes flash, HttpServletResponse response) {
        var form = new GroupForm(name, level, allOrganizations, organizationIds == null ? Set.of() : organizationIds, description);
        return FormPosts.save(() -> id == null ? directory.createGroup(actor, form) : directory.updateGroup(actor, id, form),
                "/admin/groups", flash, model, response, () -> groups(id, actor, model));
    }

    /** "a, b; c" or one per line: the list of non-empty entries. */
    private static List<String> split(String text) {
        return text == null ? List.of() : java.util.Arrays.stream(text.split("[,;\\n]")).map(String::trim)
                .filter(v -> !v.isEmpty()).toList();
    }
}
