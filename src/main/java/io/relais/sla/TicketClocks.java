package io.relais.sla;

import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.security.Actor;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.internal.SlaClocks;
import io.relais.sla.internal.SlaRules;
import io.relais.ticket.Status;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketReads;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A ticket's clocks for the rest of Relais: as they stand now, with their "why", recomputed from the timeline; and
 * the preview of the clocks a ticket not opened yet would have.
 */
@Service
public class TicketClocks {
    private final SlaRules rules;
    private final SlaClocks clocks;
    private final TicketReads tickets;
    private final Clock clock;

    TicketClocks(SlaRules rules, SlaClocks clocks, TicketReads tickets, Clock clock) {
        this.rules = rules;
        this.clocks = clocks;
        this.tickets = tickets;
        this.clock = clock;
    }

    /** The ticket's clocks as they stand now; empty when the actor may not see the ticket or it has none yet. */
    @Transactional(readOnly = true)
    public List<SlaEngine.View> clocks(Actor actor, long ticketId) {
        if (!tickets.visible(actor, ticketId)) {
            return List.of();
        }
        return clocks.stored(ticketId).map(s -> SlaEngine.read(s, rules.current(), clock.instant())).orElse(List.of());
    }

    /** A clock as the ticket page shows it: where it stands, under which policy and calendar, and why. */
    public record ClockView(SlaEngine.View view, String policyName, String calendarName, ZoneId zone,
                            List<SlaClocks.Segment> segments) {}

    /**
     * The ticket's clocks with a target (or one met or breached before), each with its "why" segments.
     * Not found when the actor may not see the ticket (or is no agent).
     */
    @Transactional(readOnly = true)
    public List<ClockView> explain(Actor actor, long ticketId) {
        if (!actor.isAgent() || !tickets.visible(actor, ticketId)) {
            throw new NotFoundException("ticket", ticketId);
        }
        var snapshot = rules.current();
        var now = clock.instant();
        var state = clocks.stored(ticketId).orElse(null);
        if (state == null) {
            return List.of();
        }
        var shown = SlaEngine.read(state, snapshot, now).stream()
                .filter(v -> v.standing() != SlaEngine.Standing.NONE || v.met() > 0 || v.breached() > 0).toList();
        var traces = clocks.trace(ticketId, shown.stream().map(SlaEngine.View::kind).toList(), now, 300);
        var details = new ArrayList<ClockView>();
        for (var v : shown) {
            var c = state.clock(v.kind());
            details.add(new ClockView(v, snapshot.policyName(c.policyId(), c.policyVersion()).orElse(null),
                    snapshot.calendarNames().getOrDefault(v.calendarId(), "24/7"), snapshot.calendar(v.calendarId()).zone(),
                    traces.getOrDefault(v.kind(), List.of())));
        }
        return details;
    }

    /** Recomputes one ticket's clocks from its whole timeline; the stored state is replaced. */
    public List<SlaEngine.View> recompute(Actor actor, long ticketId) {
        actor.requireAdmin();
        var state = clocks.recompute(ticketId);
        return state.map(s -> SlaEngine.read(s, rules.current(), clock.instant())).orElse(List.of());
    }

    /** Recomputes the clocks of every open ticket; returns how many. */
    public int recomputeOpen(Actor actor) {
        actor.requireAdmin();
        return clocks.recomputeOpen();
    }

    /** A part of a recompute of every active ticket, resumable from the last ticket it did. */
    public record RecomputeBatch(int recomputed, Long lastTicketId) {}

    /** Recomputes at most {@code limit} (1 to 10,000) active tickets after {@code afterId}, in id order. */
    public RecomputeBatch recomputeOpen(Actor actor, long afterId, int limit) {
        actor.requireAdmin();
        if (limit < 1 || limit > 10_000) {
            throw InvalidInputException.field("limit", "from 1 to 10000");
        }
        var batch = clocks.recomputeOpen(afterId, limit);
        return new RecomputeBatch(batch.recomputed(), batch.lastTicketId());
    }

    // ---- preview

    /** What the preview answers: the matching policy (none: no target) and the due instant of each clock. */
    public record PreviewView(String policyName, Map<ClockKind, Instant> due, ZoneId zone, Instant at) {}

    /**
     * The preview as the administration asks it: opened at {@code local} (null: now) in the zone of the
     * calendar the clocks would count, with the policy that matches.
     */
    public PreviewView previewWithPolicy(Actor actor, long organizationId, Priority priority, Long categoryId, Channel channel,
                                         LocalDateTime local) {
        actor.requireAgent();
        var snapshot = rules.current();
        var now = clock.instant();
        var policy = snapshot.customer(now, organizationId, priority, categoryId, channel);
        var zone = snapshot.calendar(policy.map(SlaEngine.Policy::calendarId).filter(Objects::nonNull)
                .orElse(snapshot.calendarOf(organizationId))).zone();
        var at = local == null ? now : local.atZone(zone).toInstant();
        return new PreviewView(snapshot.customer(at, organizationId, priority, categoryId, channel).map(SlaEngine.Policy::name)
                .orElse(null), preview(actor, organizationId, priority, categoryId, channel, at), zone, at);
    }

    /** "A ticket opened at {@code at} with these attributes is due when?": the due instant of each clock with a target. */
    public Map<ClockKind, Instant> preview(Actor actor, long organizationId, Priority priority, Long categoryId, Channel channel,
                                           Instant at) {
        actor.requireAgent();
        var snapshot = rules.current();
        var state = SlaEngine.apply(null, new SlaEngine.Opened(at, organizationId, channel, priority, categoryId, null, Status.NEW),
                snapshot);
        var due = new EnumMap<ClockKind, Instant>(ClockKind.class);
        for (var v : SlaEngine.read(state, snapshot, at)) {
            if (v.due() != null) {
                due.put(v.kind(), v.due());
            }
        }
        return due;
    }
}
