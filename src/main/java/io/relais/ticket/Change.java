package io.relais.ticket;

/**
 * What a timeline entry records. History text is rendered from this code and the old and new
 * values (message key {@code change.<name>}), never stored as prose.
 */
public enum Change {
    CREATED, SUBJECT, STATUS, IMPACT, URGENCY, PRIORITY, CATEGORY, GROUP, ASSIGNEE, SUPPORT_LEVEL, TAGS,
    REQUESTER, REPLY_ADDED, NOTE_ADDED, CALL_LOGGED, ATTACHMENT_ADDED, LINK_ADDED, LINK_REMOVED,
    MERGED_INTO, MERGED_FROM, PARTICIPANT_ADDED, FOLLOW_UP_OF, MAIL_FAILED, MAIL_BOUNCED, SLA_WARNING, SLA_BREACHED,
    /** A guided first check was run: the tree's title (old value) and the path taken (new value). */
    GUIDED_CHECK,
    /** The ticket was linked to a known error (its reference, KE-12, as new value), or unlinked (as old value). */
    KNOWN_ERROR;

    /** Whether a customer may see this entry on their own ticket. */
    public boolean visibleToCustomer() {
        return switch (this) {
            case CREATED, SUBJECT, STATUS, REPLY_ADDED, MERGED_INTO, MERGED_FROM, FOLLOW_UP_OF -> true;
            default -> false;
        };
    }
}
