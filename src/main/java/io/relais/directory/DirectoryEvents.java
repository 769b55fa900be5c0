package io.relais.directory;

/** What other modules may react to when the directory changes. */
public final class DirectoryEvents {
    private DirectoryEvents() {}

    /** A contact's name, e-mail or phone changed: documents that show them (tickets) are rewritten. */
    public record ContactRenamed(long contactId) {}

    /** An organization's name changed. */
    public record OrganizationRenamed(long organizationId) {}
}
