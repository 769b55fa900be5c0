package io.relais.sla;

import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.security.Actor;
import io.relais.sla.BusinessCalendar.Range;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.SlaEngine.Pause;
import io.relais.sla.internal.SlaClocks;
import io.relais.sla.internal.SlaRules;
import io.relais.ticket.Status;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketReads;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Service levels for the rest of Relais: a ticket's clocks, recomputes, and the administration of
 * calendars, contract calendars and policies. Every edit bumps the rules' revision (all nodes reload)
 * and moves the open tickets' clocks: a policy edit from now on, a calendar edit for the whole history.
 *
 * <p>Each edit is one transaction that first bumps the revision: the revision's row lock makes edits of the rules
 * take turns (two people saving the same policy get versions 2 and 3, never two current versions), and every node
 * sees the new rows and the new revision together. The open tickets' clocks move after that commit, in their own
 * short transactions ({@link SlaClocks}), never inside the edit's.
 */
@Service
public class SlaService {
    private final JdbcClient jdbc;
    private final SlaRules rules;
    private final SlaClocks clocks;
    private final TicketReads tickets;
    private final java.time.Clock clock;
    private final TransactionTemplate tx;
    private final SlaReferences references;

    SlaService(JdbcClient jdbc, SlaRules rules, SlaClocks clocks, TicketReads tickets, java.time.Clock clock,
               TransactionTemplate tx, SlaReferences references) {
        this.jdbc = jdbc;
        this.references = references;
        this.tx = tx;
        this.rules = rules;
        this.clocks = clocks;
        this.tickets = tickets;
        this.clock = clock;
    }

    // ---- clocks

    /** The ticket's clocks as they stand now; empty when the actor may not see the ticket or it has none yet. */
    @Transactional(readOnly = true)
    public List<SlaEngine.View> clocks(Actor actor, long ticketId) {
        if (!tickets.visible(actor, ticketId)) {
            return List.of();
        }
        return clocks.stored(ticketId).map(s -> SlaEngine.read(s, rules.current(), clock.instant())).orElse(List.of());
    }

    /** A clock as the ticket page shows it: where it stands, under which policy and calendar, and why. */
    public record ClockDetail(SlaEngine.View view, String policyName, String calendarName, ZoneId zone,
                              List<SlaClocks.Segment> segments) {}

    /**
     * The ticket's clocks with a target (or one met or breached before), each with its "why" segments.
     * Not found when the actor may not see the ticket (or is no agent).
     */
    @Transactional(readOnly = true)
    public List<ClockDetail> explain(Actor actor, long ticketId) {
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
        var details = new java.util.ArrayList<ClockDetail>();
        for (var v : shown) {
            var c = state.clock(v.kind());
            details.add(new ClockDetail(v, snapshot.policyName(c.policyId(), c.policyVersion()).orElse(null),
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

    // ---- calendars

    public record DayView(long id, String kind, LocalDate from, LocalDate to, boolean yearly, String hours, String name) {}

    public record CalendarView(long id, String name, String zone, Map<DayOfWeek, List<Range>> week, boolean builtin,
                               List<DayView> days) {
        /** The week as the form shows it: "08:00-12:30, 13:30-19:00" per day, empty when closed. */
        public String hours(DayOfWeek day) {
            return week.getOrDefault(day, List.of()).stream().map(Range::toString).collect(Collectors.joining(", "));
        }
    }

    @Transactional(readOnly = true)
    public List<CalendarView> calendars() {
        var days = new java.util.HashMap<Long, List<DayView>>();
        jdbc.sql("select id, calendar_id, kind, date_from, date_to, yearly, hours, name from sla_calendar_day order by date_from, id")
                .query((rs, i) -> days.computeIfAbsent(rs.getLong(2), k -> new java.util.ArrayList<>()).add(new DayView(
                        rs.getLong(1), rs.getString(3), rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class),
                        rs.getBoolean(6), rs.getString(7), rs.getString(8)))).list();
        return jdbc.sql("select id, name, zone, hours, builtin from sla_calendar order by builtin desc, name")
                .query((rs, i) -> new CalendarView(rs.getLong(1), rs.getString(2), rs.getString(3), SlaRules.week(rs.getString(4)),
                        rs.getBoolean(5), List.copyOf(days.getOrDefault(rs.getLong(1), List.of())))).list();
    }

    public java.util.Optional<CalendarView> calendar(long id) {
        return calendars().stream().filter(c -> c.id() == id).findFirst();
    }

    /** Removes a holiday or an exceptional opening; the open tickets' clocks are recomputed. */
    public void removeDay(Actor actor, long calendarId, long dayId) {
        actor.requireAdmin();
        edit(() -> {
            var n = jdbc.sql("delete from sla_calendar_day where id = ? and calendar_id = ?").params(dayId, calendarId).update();
            if (n == 0) {
                throw new NotFoundException("calendar day", dayId);
            }
            jdbc.sql("update sla_calendar set updated_at = ? where id = ?").params(now(), calendarId).update();
        });
        clocks.recomputeOpen();
    }

    /** The calendar of each organization that has one of its own (the others count on the 24/7 calendar). */
    @Transactional(readOnly = true)
    public Map<Long, Long> organizationCalendars() {
        var map = new java.util.HashMap<Long, Long>();
        jdbc.sql("select organization_id, calendar_id from sla_organization").query((rs, i) -> map.put(rs.getLong(1), rs.getLong(2)))
                .list();
        return map;
    }

    public record CalendarForm(String name, String zone, Map<DayOfWeek, List<Range>> week) {}

    public record DayForm(String kind, LocalDate from, LocalDate to, boolean yearly, String hours, String name) {}

    public long createCalendar(Actor actor, CalendarForm form) {
        actor.requireAdmin();
        validate(form);
        return edit(() -> {
            var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
            jdbc.sql("insert into sla_calendar (name, zone, hours, builtin, updated_at) values (?, ?, ?, false, ?)")
                    .params(form.name().trim(), form.zone(), SlaRules.week(form.week()), now()).update(key, "id");
            return key.getKeyAs(Long.class);
        });
    }

    /** Edits a calendar; the open tickets' clocks are recomputed (a corrected calendar counts for the past too). */
    public void updateCalendar(Actor actor, long calendarId, CalendarForm form) {
        actor.requireAdmin();
        validate(form);
        edit(() -> {
            var n = jdbc.sql("update sla_calendar set name = ?, zone = ?, hours = ?, updated_at = ? where id = ?")
                    .params(form.name().trim(), form.zone(), SlaRules.week(form.week()), now(), calendarId).update();
            if (n == 0) {
                throw new NotFoundException("calendar", calendarId);
            }
        });
        clocks.recomputeOpen();
    }

    /** Adds a holiday (kind HOLIDAY) or an exceptional opening (kind OPENING, with hours "09:00-13:00"). */
    public void addDay(Actor actor, long calendarId, DayForm day) {
        actor.requireAdmin();
        var errors = new java.util.LinkedHashMap<String, String>();
        if (!"HOLIDAY".equals(day.kind()) && !"OPENING".equals(day.kind())) {
            errors.put("kind", "HOLIDAY or OPENING");
        }
        if (day.from() == null || (day.to() != null && day.to().isBefore(day.from()))) {
            errors.put("from", "a first day, on or before the last one");
        }
        if (day.name() == null || day.name().isBlank()) {
            errors.put("name", "required");
        }
        if ("OPENING".equals(day.kind())) {
            try {
                if (SlaRules.ranges(day.hours()).isEmpty()) {
                    errors.put("hours", "the hours of the opening, e.g. 09:00-13:00");
                }
            } catch (RuntimeException e) {
                errors.put("hours", "the hours of the opening, e.g. 09:00-13:00");
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        edit(() -> {
            if (jdbc.sql("update sla_calendar set updated_at = ? where id = ?").params(now(), calendarId).update() == 0) {
                throw new NotFoundException("calendar", calendarId);
            }
            jdbc.sql("insert into sla_calendar_day (calendar_id, kind, date_from, date_to, yearly, hours, name) values (?, ?, ?, ?, ?, ?, ?)")
                    .params(calendarId, day.kind(), day.from(), day.to() == null ? day.from() : day.to(), day.yearly(),
                            "OPENING".equals(day.kind()) ? day.hours() : null, day.name().trim()).update();
        });
        clocks.recomputeOpen();
    }

    /** The calendar of an organization's contract (its clocks count that calendar's business time). */
    public void setOrganizationCalendar(Actor actor, long organizationId, long calendarId) {
        actor.requireAdmin();
        edit(() -> {
            references.checkContract(actor, organizationId, calendarId);
            var n = jdbc.sql("update sla_organization set calendar_id = ? where organization_id = ?").params(calendarId, organizationId)
                    .update();
            if (n == 0) {
                jdbc.sql("insert into sla_organization (organization_id, calendar_id) values (?, ?)").params(organizationId, calendarId)
                        .update();
            }
        });
        clocks.recomputeOpen();
    }

    /** The built-in 24/7 calendar. */
    public long defaultCalendar() {
        return rules.current().defaultCalendarId();
    }

    private static void validate(CalendarForm form) {
        var errors = new java.util.LinkedHashMap<String, String>();
        if (form.name() == null || form.name().isBlank()) {
            errors.put("name", "required");
        }
        try {
            ZoneId.of(form.zone());
        } catch (RuntimeException e) {
            errors.put("zone", "a time zone such as Europe/Paris");
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    // ---- policies

    /**
     * A policy: CUSTOMER (organization null: for every organization without a matching policy of its own;
     * empty criteria match anything) or OLA (groupId: the group's own clock, resolution target only).
     */
    public record PolicyForm(String kind, String name, Long organizationId, Long groupId, int position,
                             Set<Priority> priorities, Set<Long> categoryIds, Set<Channel> channels,
                             Duration firstResponse, Duration nextUpdate, Duration resolution, Set<Pause> pauses,
                             Long calendarId, int warnPercent, Set<AlertAction> warnActions, Set<AlertAction> breachActions,
                             Long escalationGroupId) {}

    /** The current version of a policy, as its form, with when it began. */
    public record PolicyView(long policyId, int version, Instant validFrom, PolicyForm form) {}

    /**
     * The policies in force, in the order they are matched: customer policies of an organization first,
     * then those for every organization, each by position; then the OLAs by group.
     */
    @Transactional(readOnly = true)
    public List<PolicyView> policies() {
        return jdbc.sql("select policy_id, version, valid_from, kind, name, organization_id, group_id, position, priorities,"
                        + " category_ids, channels, first_response_minutes, next_update_minutes, resolution_minutes, pauses,"
                        + " calendar_id, warn_percent, warn_actions, breach_actions, escalation_group_id from sla_policy"
                        + " where valid_to is null order by kind, case when organization_id is null then 1 else 0 end,"
                        + " organization_id, group_id, position, policy_id")
                .query((rs, i) -> new PolicyView(rs.getLong(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                        new PolicyForm(rs.getString(4), rs.getString(5), rs.getObject(6, Long.class), rs.getObject(7, Long.class),
                                rs.getInt(8), SlaRules.set(rs.getString(9), Priority::valueOf), SlaRules.set(rs.getString(10), Long::valueOf),
                                SlaRules.set(rs.getString(11), Channel::valueOf), duration(rs.getObject(12, Integer.class)),
                                duration(rs.getObject(13, Integer.class)), duration(rs.getObject(14, Integer.class)),
                                SlaRules.pauses(rs.getString(15)), rs.getObject(16, Long.class), rs.getInt(17),
                                SlaRules.set(rs.getString(18), AlertAction::valueOf), SlaRules.set(rs.getString(19), AlertAction::valueOf),
                                rs.getObject(20, Long.class))))
                .list();
    }

    private static Duration duration(Integer minutes) {
        return minutes == null ? null : Duration.ofMinutes(minutes);
    }

    /** Creates a policy; open tickets look their policy up again from now on. Returns the policy id. */
    public long createPolicy(Actor actor, PolicyForm form) {
        actor.requireAdmin();
        validate(form);
        var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as stored
        long id = editPolicy(actor, form, () -> {
            // read after the revision's lock: another edit's new policy is committed, or waits for this one
            var next = jdbc.sql("select coalesce(max(policy_id), 0) + 1 from sla_policy").query(Long.class).single();
            insertVersion(next, 1, now, form);
            return next;
        });
        clocks.reevaluateOpen(now);
        return id;
    }

    /** A new version from now on: clocks keep what they measured and apply the new targets from here. */
    public void updatePolicy(Actor actor, long policyId, PolicyForm form) {
        actor.requireAdmin();
        validate(form);
        var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as stored
        editPolicy(actor, form, () -> {
            // the current version read after the revision's lock: a concurrent edit has committed its version already
            var current = jdbc.sql("select version from sla_policy where policy_id = ? and valid_to is null").param(policyId)
                    .query(Integer.class).optional().orElseThrow(() -> new NotFoundException("policy", policyId));
            jdbc.sql("update sla_policy set valid_to = ? where policy_id = ? and valid_to is null").params(at(now), policyId).update();
            insertVersion(policyId, current + 1, now, form);
            return policyId;
        });
        clocks.reevaluateOpen(now);
    }

    /** Retires a policy from now on (its versions stay, for the clocks measured under them). */
    public void retirePolicy(Actor actor, long policyId) {
        actor.requireAdmin();
        var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as stored
        edit(() -> {
            var n = jdbc.sql("update sla_policy set valid_to = ? where policy_id = ? and valid_to is null").params(at(now), policyId)
                    .update();
            if (n == 0) {
                throw new NotFoundException("policy", policyId);
            }
        });
        clocks.reevaluateOpen(now);
    }

    private void insertVersion(long policyId, int version, Instant from, PolicyForm f) {
        jdbc.sql("insert into sla_policy (policy_id, version, valid_from, kind, organization_id, group_id, position, name,"
                        + " priorities, category_ids, channels, first_response_minutes, next_update_minutes, resolution_minutes,"
                        + " pauses, calendar_id, warn_percent, warn_actions, breach_actions, escalation_group_id)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(policyId, version, at(from), f.kind(), f.organizationId(), f.groupId(), f.position(), f.name().trim(),
                        join(f.priorities()), join(f.categoryIds()), join(f.channels()), minutes(f.firstResponse()),
                        minutes(f.nextUpdate()), minutes(f.resolution()), SlaRules.pauses(f.pauses() == null ? Set.of() : f.pauses()),
                        f.calendarId(), f.warnPercent(), actions(f.warnActions(), "NOTIFY_ASSIGNEE"),
                        actions(f.breachActions(), "NOTIFY_ASSIGNEE,NOTIFY_SUPERVISORS"),
                        f.escalationGroupId())
                .update();
    }

    /**
     * An edit of a policy: the organization, groups and calendar it names are checked in the edit's transaction (a
     * hand-made post, or a row deleted meanwhile), each unknown one a problem beside its field. One deleted between
     * that check and the insert makes the database refuse the row: checked again, it is the same problem, not a 500.
     */
    private long editPolicy(Actor actor, PolicyForm form, java.util.function.Supplier<Long> change) {
        try {
            return edit(() -> {
                references.checkPolicy(actor, form);
                return change.get();
            });
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            references.checkPolicy(actor, form);
            throw e;
        }
    }

    private static void validate(PolicyForm f) {
        var errors = new java.util.LinkedHashMap<String, String>();
        if (!"CUSTOMER".equals(f.kind()) && !"OLA".equals(f.kind())) {
            errors.put("kind", "CUSTOMER or OLA");
        }
        if (f.name() == null || f.name().isBlank()) {
            errors.put("name", "required");
        }
        if ("OLA".equals(f.kind()) && f.groupId() == null) {
            errors.put("groupId", "an OLA belongs to a group");
        }
        for (var e : List.of(Map.entry("firstResponse", nonNull(f.firstResponse())), Map.entry("nextUpdate", nonNull(f.nextUpdate())),
                Map.entry("resolution", nonNull(f.resolution())))) {
            if (e.getValue().isNegative() || (!e.getValue().isZero() && e.getValue().toMinutes() < 1)) {
                errors.put(e.getKey(), "at least one minute");
            }
        }
        if (f.breachActions() != null && f.breachActions().contains(AlertAction.REASSIGN) && f.escalationGroupId() == null) {
            errors.put("escalationGroupId", "the group to reassign to");
        }
        if (f.warnActions() != null && f.warnActions().contains(AlertAction.REASSIGN) && f.escalationGroupId() == null) {
            errors.put("escalationGroupId", "the group to reassign to");
        }
        if (f.warnPercent() < 0 || f.warnPercent() > 99) {
            errors.put("warnPercent", "between 0 (no warning) and 99");
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    // ---- preview

    /** What the preview answers: the matching policy (none: no target) and the due instant of each clock. */
    public record Preview(String policyName, Map<ClockKind, Instant> due, ZoneId zone, Instant at) {}

    /**
     * The preview as the administration asks it: opened at {@code local} (null: now) in the zone of the
     * calendar the clocks would count, with the policy that matches.
     */
    public Preview previewWithPolicy(Actor actor, long organizationId, Priority priority, Long categoryId, Channel channel,
                                     java.time.LocalDateTime local) {
        actor.requireAgent();
        var snapshot = rules.current();
        var now = clock.instant();
        var policy = snapshot.customer(now, organizationId, priority, categoryId, channel);
        var zone = snapshot.calendar(policy.map(SlaEngine.Policy::calendarId).filter(java.util.Objects::nonNull)
                .orElse(snapshot.calendarOf(organizationId))).zone();
        var at = local == null ? now : local.atZone(zone).toInstant();
        return new Preview(snapshot.customer(at, organizationId, priority, categoryId, channel).map(SlaEngine.Policy::name)
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

    // ---- helpers

    /** An edit of the rules: one transaction, the revision bumped first (edits take turns on its row). */
    private <T> T edit(java.util.function.Supplier<T> change) {
        return tx.execute(status -> {
            rules.bump();
            return change.get();
        });
    }

    private void edit(Runnable change) {
        edit(() -> {
            change.run();
            return null;
        });
    }

    private static InvalidInputException invalid(Map<String, String> errors) {
        return new InvalidInputException("The SLA settings are not valid", errors.entrySet().stream()
                .map(e -> new InvalidInputException.FieldProblem(e.getKey(), e.getValue())).toList());
    }

    private static Duration nonNull(Duration d) {
        return d == null ? Duration.ZERO : d;
    }

    /** Null: the default; empty: none. */
    private static String actions(Set<AlertAction> actions, String defaults) {
        return actions == null ? defaults : actions.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    private static Integer minutes(Duration d) {
        return d == null || d.isZero() ? null : (int) d.toMinutes();
    }

    private static String join(Set<?> values) {
        return values == null || values.isEmpty() ? null
                : values.stream().map(String::valueOf).sorted().collect(Collectors.joining(","));
    }

    private OffsetDateTime now() {
        return at(clock.instant());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
