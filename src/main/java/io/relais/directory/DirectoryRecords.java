package io.relais.directory;

import io.relais.security.Role;
import java.util.List;
import java.util.Set;

/** Read models and commands of the directory, shared with the other modules. */
public final class DirectoryRecords {
    private DirectoryRecords() {}

    public record OrganizationInfo(long id, String name, List<String> domains, String contractRef, String timeZone,
                                   String language, boolean active) {}

    /** Who a notification to a contact goes to: what a mail's header and its language need. */
    public record Recipient(long id, String name, String email, String language) {}

    /** Who wrote from an address: enough for the mail intake to file the message. */
    public record Sender(long id, long organizationId, String name) {}

    public record ContactInfo(long id, long organizationId, String organizationName, String name, String email,
                              String phone, List<String> otherEmails, List<String> otherPhones, String language,
                              boolean vip, boolean orgManager) {}

    public record AgentInfo(long id, String name, String email, Role role, boolean active, Set<Long> groupIds) {}

    public record GroupInfo(long id, String name, SupportLevel level, boolean allOrganizations,
                            Set<Long> organizationIds, Set<Long> memberIds, String description) {}

    /** Whether a group may take a ticket of an organization, and at which level it works. */
    public record GroupCheck(long groupId, SupportLevel level, boolean servesOrganization) {}

    public record OrganizationForm(String name, String domains, String contractRef, String timeZone, String language) {}

    /** {@code otherEmails} and {@code otherPhones} may be null (no other address). */
    public record ContactForm(Long organizationId, String name, String email, String phone, String language,
                              boolean vip, boolean orgManager, List<String> otherEmails, List<String> otherPhones) {
        public ContactForm(Long organizationId, String name, String email, String phone, String language, boolean vip,
                           boolean orgManager) {
            this(organizationId, name, email, phone, language, vip, orgManager, null, null);
        }
    }

    public record AgentForm(String name, String email, Role role, Set<Long> groupIds) {}

    public record GroupForm(String name, SupportLevel level, boolean allOrganizations, Set<Long> organizationIds,
                            String description) {}
}
