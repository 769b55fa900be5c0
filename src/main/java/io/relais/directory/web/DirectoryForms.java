package io.relais.directory.web;

import io.relais.directory.DirectoryRecords.AgentForm;
import io.relais.directory.DirectoryRecords.AgentInfo;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.ContactInfo;
import io.relais.directory.DirectoryRecords.GroupForm;
import io.relais.directory.DirectoryRecords.GroupInfo;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.directory.DirectoryRecords.OrganizationInfo;
import io.relais.directory.SupportLevel;
import io.relais.security.Role;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The administration forms as the pages post them, bound from the request and shown again as typed when they are
 * refused; built from the stored row when a page opens one for editing. Passwords are never shown again.
 */
final class DirectoryForms {
    private DirectoryForms() {}

    record OrganizationFields(Long id, String name, String domains, String contractRef, String timeZone, String country,
                              String language) {
        static OrganizationFields empty() {
            return new OrganizationFields(null, "", "", "", "Europe/Paris", "", "");
        }

        static OrganizationFields of(OrganizationInfo o) {
            return new OrganizationFields(o.id(), o.name(), String.join(", ", o.domains()), o.contractRef(), o.timeZone(),
                    o.country(), o.language());
        }

        OrganizationForm form() {
            return new OrganizationForm(name, domains, contractRef, timeZone, language, country);
        }
    }

    /** {@code otherEmails} and {@code otherPhones} as typed: "a, b; c" or one per line. */
    record ContactFields(Long id, Long organizationId, String name, String email, String phone, String otherEmails,
                         String otherPhones, String language, Boolean vip, Boolean orgManager, Boolean confirmForeignDomain,
                         String password) {
        /** An unticked box is not posted at all: false. */
        ContactFields {
            vip = Boolean.TRUE.equals(vip);
            orgManager = Boolean.TRUE.equals(orgManager);
            confirmForeignDomain = Boolean.TRUE.equals(confirmForeignDomain);
        }

        static ContactFields empty(Long organizationId) {
            return new ContactFields(null, organizationId, "", "", "", "", "", "", false, false, false, null);
        }

        static ContactFields of(ContactInfo c) {
            return new ContactFields(c.id(), c.organizationId(), c.name(), c.email(), c.phone(), String.join(", ", c.otherEmails()),
                    String.join(", ", c.otherPhones()), c.language(), c.vip(), c.orgManager(), false, null);
        }

        ContactForm form() {
            return new ContactForm(organizationId, name, email, phone, language, vip, orgManager, split(otherEmails),
                    split(otherPhones), confirmForeignDomain.booleanValue());
        }

        /** The password given, or null: a blank one sets up no login. */
        String login() {
            return password == null || password.isBlank() ? null : password;
        }

        /** As shown again: without the password. */
        ContactFields shown() {
            return new ContactFields(id, organizationId, name, email, phone, otherEmails, otherPhones, language, vip, orgManager,
                    confirmForeignDomain, null);
        }
    }

    record AgentFields(Long id, String name, String email, Role role, Set<Long> groupIds, String password) {
        AgentFields {
            groupIds = groupIds == null ? Set.of() : Set.copyOf(groupIds);
        }

        static AgentFields empty() {
            return new AgentFields(null, "", "", Role.AGENT, Set.of(), null);
        }

        static AgentFields of(AgentInfo a) {
            return new AgentFields(a.id(), a.name(), a.email(), a.role(), a.groupIds(), null);
        }

        AgentForm form() {
            return new AgentForm(name, email, role, groupIds);
        }

        String login() {
            return password == null || password.isBlank() ? null : password;
        }

        AgentFields shown() {
            return new AgentFields(id, name, email, role, groupIds, null);
        }
    }

    record GroupFields(Long id, String name, SupportLevel level, Boolean allOrganizations, Set<Long> organizationIds,
                       String description) {
        GroupFields {
            allOrganizations = Boolean.TRUE.equals(allOrganizations);
            organizationIds = organizationIds == null ? Set.of() : Set.copyOf(organizationIds);
        }

        static GroupFields empty() {
            return new GroupFields(null, "", SupportLevel.L1, false, Set.of(), "");
        }

        static GroupFields of(GroupInfo g) {
            return new GroupFields(g.id(), g.name(), g.level(), g.allOrganizations(), g.organizationIds(), g.description());
        }

        GroupForm form() {
            return new GroupForm(name, level, allOrganizations, organizationIds, description);
        }
    }

    /** "a, b; c" or one per line: the list of non-empty entries. */
    static List<String> split(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[,;\\n]")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }
}
