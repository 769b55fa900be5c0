package io.relais.sla.web;

import io.relais.common.InvalidInputException;
import io.relais.common.InvalidInputException.FieldProblem;
import io.relais.sla.AlertAction;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.SlaEngine.Pause;
import io.relais.sla.SlaEngine.PauseReason;
import io.relais.sla.SlaPolicies.PolicyForm;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A policy as its page posts it: targets, position and warning percentage as typed (so a target the page could not
 * read comes back as it was written, beside its problem), the ticked boxes as sets.
 */
record PolicyFields(String kind, String name, Long organizationId, Long groupId, String position, Set<Priority> priorities,
                    Set<Long> categoryIds, Set<Channel> channels, String firstResponse, String nextUpdate, String resolution,
                    Set<String> pauses, Long calendarId, String warnPercent, Set<AlertAction> warnActions,
                    Set<AlertAction> breachActions, Long escalationGroupId) {
    PolicyFields {
        kind = "OLA".equals(kind) ? "OLA" : "CUSTOMER";
        priorities = priorities == null ? Set.of() : Set.copyOf(priorities);
        categoryIds = categoryIds == null ? Set.of() : Set.copyOf(categoryIds);
        channels = channels == null ? Set.of() : Set.copyOf(channels);
        pauses = pauses == null ? Set.of() : Set.copyOf(pauses);
        warnActions = warnActions == null ? Set.of() : Set.copyOf(warnActions);
        breachActions = breachActions == null ? Set.of() : Set.copyOf(breachActions);
    }

    /** A new policy as the page proposes it. */
    static PolicyFields proposed(String kind) {
        var ola = "OLA".equals(kind);
        return new PolicyFields(kind, "", null, null, "10", Set.of(), Set.of(), Set.of(), ola ? "" : "1h", "", "8h",
                Set.of(ClockKind.RESOLUTION + ":" + PauseReason.PENDING_CUSTOMER), null, "75",
                EnumSet.of(AlertAction.NOTIFY_ASSIGNEE), EnumSet.of(AlertAction.NOTIFY_ASSIGNEE, AlertAction.NOTIFY_SUPERVISORS), null);
    }

    static PolicyFields of(PolicyForm f) {
        var pauses = new LinkedHashSet<String>();
        if (f.pauses() != null) {
            f.pauses().forEach(p -> pauses.add(p.kind() + ":" + p.reason()));
        }
        return new PolicyFields(f.kind(), f.name(), f.organizationId(), f.groupId(), String.valueOf(f.position()), f.priorities(),
                f.categoryIds(), f.channels(), text(f.firstResponse()), text(f.nextUpdate()), text(f.resolution()), pauses,
                f.calendarId(), String.valueOf(f.warnPercent()), f.warnActions(), f.breachActions(), f.escalationGroupId());
    }

    /** The policy, or every field the page could not read (all at once, each beside its field). */
    PolicyForm form() {
        var problems = new ArrayList<FieldProblem>();
        var first = duration("firstResponse", firstResponse, problems);
        var next = duration("nextUpdate", nextUpdate, problems);
        var resolutionTarget = duration("resolution", resolution, problems);
        var at = integer("position", position, 10, problems);
        var warn = integer("warnPercent", warnPercent, 75, problems);
        var read = new LinkedHashSet<Pause>();
        for (var v : pauses) {
            try {
                var parts = v.split(":");
                read.add(new Pause(ClockKind.valueOf(parts[0]), PauseReason.valueOf(parts[1])));
            } catch (RuntimeException e) {
                problems.add(new FieldProblem("pauses", "not a valid value"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The SLA settings are not valid", problems);
        }
        return new PolicyForm(kind, name == null ? "" : name, organizationId, groupId, at, priorities, categoryIds, channels, first,
                next, resolutionTarget, read, calendarId, warn, warnActions, breachActions, escalationGroupId);
    }

    private static Duration duration(String field, String text, java.util.List<FieldProblem> problems) {
        try {
            return SlaAdminController.parseDuration(text);
        } catch (RuntimeException e) {
            problems.add(new FieldProblem(field, "a duration such as 30m, 4h, 1h30 or 2d (business time)"));
            return null;
        }
    }

    private static int integer(String field, String text, int otherwise, java.util.List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "a whole number"));
            return otherwise;
        }
    }

    /** "45m", "4h", "1h30", "2d" as the page shows a target; empty for none. */
    static String text(Duration d) {
        if (d == null || d.isZero()) {
            return "";
        }
        long m = d.toMinutes();
        if (m % (24 * 60) == 0) {
            return m / (24 * 60) + "d";
        }
        if (m < 60) {
            return m + "m";
        }
        return m / 60 + "h" + (m % 60 == 0 ? "" : String.format("%02d", m % 60));
    }
}
