package io.relais.ticket;

/** The queue views of the agent workspace's sidebar. */
public enum QueueView {
    /** Active tickets assigned to me. */
    MINE,
    /** Active tickets nobody owns, in my groups (or in no group yet). */
    UNASSIGNED,
    /** Every active ticket I may see. */
    OPEN,
    /** Waiting for the customer or a third party. */
    PENDING,
    /** Resolved or closed during the last 7 days. */
    RECENTLY_CLOSED,
    /** Every ticket, whatever its status (for filters and the API). */
    ALL
}
