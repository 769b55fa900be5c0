package io.relais.directory;

import io.relais.security.Role;
import java.util.List;
import java.util.Set;

/** Read models and commands of the directory, shared with the other modules. */
public final class DirectoryRecords {
    private DirectoryRecords() {}

    /** {@code country}: ISO 3166 alpha-2, the region its people's phone numbers are read in. */
    public record OrganizationInfo(long id, String name, List<String> domains, String contractRef, String timeZone,
                                   String language, boolean active, String country) {}

    /** Who a notification to a contact goes to: what a mail's header and its language need. */
    public record Recipient(long id, String name, String email, String language) {}

    /**
     * Who wrote from an address: enough for the mail intake to file the message. {@code domainConflict}: the
     * address's domain is declared by another organization than the contact's, and no administrator confirmed the
     * address on this contact (the intake holds such mail for review rather than file it with the contact's client).
     */
    public record Sender(long id, long organizationId, String name, boolean domainConflict) {
        public Sender(long id, long organizationId, String name) {
            this(id, organizationId, name, false);
        }
    }

    public record ContactInfo(long id, long organizationId, String organizationName, String name, String email,
                              String phone, List<String> otherEmails, List<String> otherPhones, String language,
                              boolean vip, boolean orgManager) {}

    public record AgentInfo(long id, String name, String email, Role role, boolean active, Set<Long> groupIds) {}

    public record GroupInfo(long id, String name, SupportLevel level, boolean allOrganizations,
                            Set<Long> organizationIds, Set<Long> memberIds, String description) {
        /** Whom the group serves (the one rule: {@link io.relais.directory.internal.ServiceCoverage}). */
        io.relais.directory.internal.ServiceCoverage coverage() {
            return new io.relais.directory.internal.ServiceCoverage(allOrganizations, organizationIds);
        }

        public boolean serves(long organizationId) {
            return coverage().serves(organizationId);
        }
    }

    /** Whether a group may take a ticket of an organization, and at which level it works. */
    public record GroupCheck(long groupId, SupportLevel level, boolean servesOrganization) {}

    /** {@code country} (ISO 3166 alpha-2) left blank: derived from the time zone (Europe/London: GB), else FR. */
    public record OrganizationForm(String name, String domains, String contractRef, String timeZone, String language,
                                   String country) {
        public OrganizationForm(String name, String domains, String contractRef, String timeZone, String language) {
            this(name, domains, contractRef, timeZone, language, null);
        }
    }

    /**
     * A contact to create, or the changes to one: on an update, a null field keeps its value ({@code otherEmails}
     * and {@code otherPhones} too) and an empty string clears an optional one. {@code vip} and {@code orgManager}
     * are for administrators; so is {@code confirmForeignDomain}, which attaches addresses whose domain another
     * organization declares (audited on the contact's history).
     */
    public record ContactForm(Long organizationId, String name, String email, String phone, String language,
                              Boolean vip, Boolean orgManager, List<String> otherEmails, List<String> otherPhones,
                              boolean confirmForeignDomain) {
        public ContactForm(Long organizationId, String name, String email, String phone, String language, Boolean vip,
                           Boolean orgManager, List<String> otherEmails, List<String> otherPhones) {
            this(organizationId, name, email, phone, language, vip, orgManager, otherEmails, otherPhones, false);
        }

        public ContactForm(Long organizationId, String name, String email, String phone, String language, Boolean vip,
                           Boolean orgManager) {
            this(organizationId, name, email, phone, language, vip, orgManager, null, null, false);
        }
    }

    /** What changed who a contact is (its addresses, its privileges), for its history. */
    public enum ContactChange { ADDRESS_ADDED, ADDRESS_REMOVED, FOREIGN_ADDRESS_CONFIRMED, VIP_SET, VIP_CLEARED, MANAGER_SET,
        MANAGER_CLEARED }

    /** One line of a contact's history. */
    public record ContactEvent(java.time.Instant at, String actor, ContactChange change, String detail) {}

    public record AgentForm(String name, String email, Role role, Set<Long> groupIds) {}

    public record GroupForm(String name, SupportLevel level, boolean allOrganizations, Set<Long> organizationIds,
                            String description) {}
}
