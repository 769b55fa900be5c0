package io.relais.sla;

/** What a policy does when a clock reaches its warning threshold, or breaches. */
public enum AlertAction {
    /** The ticket's assignee (its group's members when nobody has it). */
    NOTIFY_ASSIGNEE,
    /** Every member of the ticket's group. */
    NOTIFY_GROUP,
    /** The supervisors who serve the ticket's organization (its administrators when there is none). */
    NOTIFY_SUPERVISORS,
    /** Urgency one step up (impact once urgency is at its highest); the priority follows the matrix. */
    RAISE_PRIORITY,
    /** To the first group at the next support level serving the organization (L1 → L2 → L3). */
    ESCALATE,
    /** To the policy's escalation group. */
    REASSIGN
}
