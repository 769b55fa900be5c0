package io.relais.ticket;

import io.relais.directory.AgentsAndGroups;
import io.relais.directory.SupportLevel;
import io.relais.security.Actor;
import io.relais.security.Scope;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.internal.FieldChange;
import io.relais.ticket.internal.SettingsStore;
import io.relais.ticket.internal.Ticket;
import io.relais.ticket.internal.TicketStore;
import io.relais.ticket.internal.TimelineWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an SLA policy does to a ticket when a clock warns or breaches: the alert on the timeline, then its escalation
 * rules (raise the priority, hand the ticket to the next support level, or to a given group). The SLA module decides
 * when; this decides what changes, in one transaction.
 */
@Service
public class Escalation {
    private final TicketStore store;
    private final SettingsStore settings;
    private final AgentsAndGroups agentsAndGroups;
    private final TimelineWriter timeline;
    private final Clock clock;

    Escalation(TicketStore store, SettingsStore settings, AgentsAndGroups agentsAndGroups, TimelineWriter timeline, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.agentsAndGroups = agentsAndGroups;
        this.timeline = timeline;
        this.clock = clock;
    }

    /**
     * An SLA clock reached its warning threshold or breached: recorded on the timeline (the clock's name
     * as value), with the policy's actions on the ticket. {@code raisePriority} moves urgency (then impact)
     * up until the matrix gives a higher priority; {@code escalate} hands the ticket to the first group at the
     * next support level serving its organization; {@code groupId} reassigns it to that group. A change of
     * group leaves the ticket unassigned, for the new group to take. Nothing happens on a closed or merged
     * ticket (the result is empty then). The alert itself changes nothing of the ticket: its timeline entry
     * carries the ticket's current version, and neither "updated" nor the version moves (a form opened before
     * it still saves); only the actions, when they change a field, are a change of the ticket.
     */
    public record SlaAlert(String clock, boolean breach, boolean raisePriority, boolean escalate, Long groupId) {}

    /** The ticket after the alert: who should hear of it, and what the actions did. */
    public record SlaAlerted(long number, String subject, long organizationId, Long groupId, Long assigneeId,
                             Long previousAssigneeId, List<String> done) {}

    @Transactional
    public Optional<SlaAlerted> recordSlaAlert(long ticketId, SlaAlert alert) {
        var ticket = store.ticket(Scope.everything(), ticketId).orElse(null);
        if (ticket == null || ticket.isMerged() || ticket.status() == Status.CLOSED) {
            return Optional.empty();
        }
        var now = clock.instant();
        var sla = Actor.system("SLA");
        timeline.write(ticket, sla, now, ticket.version(),
                List.of(FieldChange.of(alert.breach() ? Change.SLA_BREACHED : Change.SLA_WARNING, null, alert.clock())));
        var changes = new ArrayList<FieldChange>();
        var done = new ArrayList<String>();
        var previousAssignee = ticket.assigneeId();
        if (alert.raisePriority()) {
            var raised = raisePriority(ticket);
            if (!raised.isEmpty()) {
                done.add("RAISE_PRIORITY");
            }
            changes.addAll(raised);
        }
        Long target = null;
        SupportLevel targetLevel = null;
        if (alert.groupId() != null) {
            var check = agentsAndGroups.checkGroup(alert.groupId(), ticket.organizationId());
            if (check.isPresent() && check.get().servesOrganization()) {
                target = alert.groupId();
                targetLevel = check.get().level();
            }
        } else if (alert.escalate()) {
            var next = nextLevel(ticket.supportLevel());
            if (next != null) {
                var group = agentsAndGroups.groupsServing(ticket.organizationId()).stream().filter(g -> g.level() == next)
                        .findFirst().orElse(null);
                if (group != null) {
                    target = group.id();
                    targetLevel = next;
                }
            }
        }
        if (target != null && !target.equals(ticket.groupId())) {
            changes.addAll(ticket.changeGroup(target, targetLevel));
            changes.addAll(ticket.changeAssignee(null));
            done.add(alert.groupId() != null ? "REASSIGN" : "ESCALATE");
        }
        timeline.commit(ticket, sla, now, changes);
        return Optional.of(new SlaAlerted(ticket.number(), ticket.subject(), ticket.organizationId(), ticket.groupId(),
                ticket.assigneeId(), previousAssignee, done));
    }

    /**
     * The smallest move of urgency and impact (urgency first) that gives a higher priority through the
     * matrix; nothing when the ticket is already at the top.
     */
    private List<FieldChange> raisePriority(Ticket ticket) {
        var urgencies = Urgency.values(); // HIGH, MEDIUM, LOW
        var impacts = Impact.values(); // ORGANIZATION, DEPARTMENT, USER
        int u0 = ticket.urgency().ordinal();
        int i0 = ticket.impact().ordinal();
        for (int steps = 1; steps <= u0 + i0; steps++) {
            for (int du = steps; du >= 0; du--) {
                int di = steps - du;
                if (du > u0 || di > i0) {
                    continue;
                }
                var urgency = urgencies[u0 - du];
                var impact = impacts[i0 - di];
                var priority = settings.priority(impact, urgency);
                if (priority.ordinal() < ticket.priority().ordinal()) {
                    return ticket.changeImpactUrgency(impact, urgency, priority);
                }
            }
        }
        return List.of();
    }

    private static SupportLevel nextLevel(SupportLevel level) {
        if (level == null) {
            return SupportLevel.L2;
        }
        return switch (level) {
            case L1 -> SupportLevel.L2;
            case L2 -> SupportLevel.L3;
            default -> null;
        };
    }
}
