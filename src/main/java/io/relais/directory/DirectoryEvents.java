package io.relais.directory;

/** What other modules may react to when the directory changes. */
public final class DirectoryEvents {
    private DirectoryEvents() {}

    /** A contact's name, e-mail or phone changed: documents that show them (tickets) are rewritten. */
    public record ContactRenamed(long contactId) {}

    /**
     * Existing contacts' numbers were re-keyed in E.164 (once, at the first start after the upgrade): documents that
     * index a requester's number (tickets) are rewritten.
     */
    public record PhonesRekeyed() {}

    /** An organization's name changed, or its country (its people's numbers are read anew). */
    public record OrganizationRenamed(long organizationId) {}
}
