package io.relais.sla;

import io.relais.sla.SlaEngine.AgentResponded;
import io.relais.sla.SlaEngine.CategorySet;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.SlaEngine.CustomerWrote;
import io.relais.sla.SlaEngine.Fact;
import io.relais.sla.SlaEngine.GroupSet;
import io.relais.sla.SlaEngine.Opened;
import io.relais.sla.SlaEngine.PauseReason;
import io.relais.sla.SlaEngine.Phase;
import io.relais.sla.SlaEngine.Policy;
import io.relais.sla.SlaEngine.PrioritySet;
import io.relais.sla.SlaEngine.StatusSet;
import io.relais.ticket.Status;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Priority;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * A reference for the SLA engine written for the tests, independent of {@link BusinessCalendar} and of the
 * engine's interval arithmetic: time moves one minute at a time, each minute counts when the calendar is
 * open at its first instant (its local time, read through the zone's offset, inside an opening range of a
 * working day that is no holiday), and a running clock is breached at the first minute it starts with its
 * target used up. Due instants are found by counting business minutes forward. Facts must fall on whole
 * minutes. Only policy lookups (which target, which pauses, which calendar) come from {@link SlaEngine.Rules}:
 * they are data, not arithmetic.
 */
final class MinuteModel {
    /** A calendar as the reference reads it: a zone, weekly ranges in minutes of the local day, holidays. */
    record Calendar(ZoneId zone, Map<DayOfWeek, int[][]> week, Set<LocalDate> days, Set<MonthDay> yearly, boolean always) {
        static Calendar always(ZoneId zone) {
            return new Calendar(zone, Map.of(), Set.of(), Set.of(), true);
        }

        static Calendar weekdays(ZoneId zone, Set<LocalDate> days, Set<MonthDay> yearly, int[]... ranges) {
            var week = new EnumMap<DayOfWeek, int[][]>(DayOfWeek.class);
            for (var d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
                week.put(d, ranges);
            }
            return new Calendar(zone, week, days, yearly, false);
        }

        /** Whether the minute starting at this epoch minute is business time. */
        boolean open(long epochMinute) {
            if (always) {
                return true;
            }
            ZoneRules rules = zone.getRules();
            long second = epochMinute * 60;
            long local = second + rules.getOffset(Instant.ofEpochSecond(second)).getTotalSeconds();
            var date = LocalDate.ofEpochDay(Math.floorDiv(local, 86_400));
            int minute = (int) (Math.floorMod(local, 86_400) / 60);
            if (days.contains(date) || yearly.contains(MonthDay.from(date))) {
                return false;
            }
            for (var r : week.getOrDefault(date.getDayOfWeek(), new int[0][])) {
                if (minute >= r[0] && minute < r[1]) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One clock of the reference: counts in whole minutes. */
    static final class Clock {
        final ClockKind kind;
        Phase phase = Phase.IDLE;
        PauseReason pausedBy;
        Long target; // minutes
        long calendar;
        long elapsed;
        long paused;
        Instant startedAt;
        Instant stoppedAt;
        Instant breachedAt;
        int met;
        int breached;
        Long group;

        Clock(ClockKind kind, long calendar) {
            this.kind = kind;
            this.calendar = calendar;
        }

        Clock copy() {
            var c = new Clock(kind, calendar);
            c.phase = phase;
            c.pausedBy = pausedBy;
            c.target = target;
            c.elapsed = elapsed;
            c.paused = paused;
            c.startedAt = startedAt;
            c.stoppedAt = stoppedAt;
            c.breachedAt = breachedAt;
            c.met = met;
            c.breached = breached;
            c.group = group;
            return c;
        }

        boolean active() {
            return phase == Phase.RUNNING || phase == Phase.PAUSED;
        }

        void start(Instant at, Long group) {
            phase = Phase.RUNNING;
            pausedBy = null;
            elapsed = 0;
            paused = 0;
            startedAt = at;
            stoppedAt = null;
            breachedAt = null;
            this.group = group;
        }

        /** Stops the clock; {@code answered}: its event happened (met or breached), else only a breach counts. */
        void stop(Instant at, boolean answered) {
            if (target != null && breachedAt != null) {
                breached++;
            } else if (target != null && answered) {
                met++;
            }
            phase = Phase.STOPPED;
            pausedBy = null;
            stoppedAt = at;
        }
    }

    private final SlaEngine.Rules rules;
    private final LongFunction<Calendar> calendars;
    long organization;
    Channel channel;
    Priority priority;
    Long category;
    Long group;
    Status status;
    boolean responded;
    Instant at;
    final Map<ClockKind, Clock> clocks = new EnumMap<>(ClockKind.class);

    MinuteModel(SlaEngine.Rules rules, LongFunction<Calendar> calendars) {
        this.rules = rules;
        this.calendars = calendars;
    }

    /** A copy that can be moved on without moving this one. */
    MinuteModel copy() {
        var m = new MinuteModel(rules, calendars);
        m.organization = organization;
        m.channel = channel;
        m.priority = priority;
        m.category = category;
        m.group = group;
        m.status = status;
        m.responded = responded;
        m.at = at;
        clocks.forEach((k, c) -> m.clocks.put(k, c.copy()));
        return m;
    }

    void apply(Fact fact) {
        if (at == null) {
            if (fact instanceof Opened o) {
                open(o);
            }
            return;
        }
        var when = fact.at().isBefore(at) ? at : fact.at();
        tick(when);
        if (fact instanceof StatusSet x) {
            status = x.status();
        } else if (fact instanceof PrioritySet x) {
            priority = x.priority();
        } else if (fact instanceof CategorySet x) {
            category = x.categoryId();
        } else if (fact instanceof GroupSet x) {
            group = x.groupId();
        } else if (fact instanceof AgentResponded) {
            for (var kind : List.of(ClockKind.FIRST_RESPONSE, ClockKind.NEXT_UPDATE)) {
                if (clocks.get(kind).active()) {
                    clocks.get(kind).stop(when, true);
                }
            }
            responded = true;
        } else if (fact instanceof CustomerWrote) {
            var next = clocks.get(ClockKind.NEXT_UPDATE);
            if (responded && Status.ACTIVE.contains(status) && !next.active()) {
                next.start(when, null);
            }
        } else if (fact instanceof Opened) {
            return;
        }
        rulesNow();
    }

    private void open(Opened o) {
        organization = o.organizationId();
        channel = o.channel();
        priority = o.priority();
        category = o.categoryId();
        group = o.groupId();
        status = o.status();
        at = o.at();
        long calendar = rules.calendarOf(organization);
        for (var kind : ClockKind.values()) {
            clocks.put(kind, new Clock(kind, calendar));
        }
        clocks.get(ClockKind.FIRST_RESPONSE).start(at, null);
        clocks.get(ClockKind.RESOLUTION).start(at, null);
        rulesNow();
    }

    /** The policy in force for the ticket as it is now, and what it says to each clock. */
    private void rulesNow() {
        var policy = rules.customer(at, organization, priority, category, channel);
        long calendar = policy.isPresent() && policy.get().calendarId() != null ? policy.get().calendarId()
                : rules.calendarOf(organization);
        boolean closed = status == Status.RESOLVED || status == Status.CLOSED;
        for (var kind : List.of(ClockKind.FIRST_RESPONSE, ClockKind.NEXT_UPDATE, ClockKind.RESOLUTION)) {
            var c = clocks.get(kind);
            boolean reopened = !closed && c.phase == Phase.STOPPED
                    && (kind == ClockKind.RESOLUTION || (kind == ClockKind.FIRST_RESPONSE && !responded));
            if (reopened) {
                c.phase = Phase.RUNNING;
                c.stoppedAt = null;
            }
            if (c.phase != Phase.STOPPED) {
                c.target = policy.map(p -> p.targets().get(kind)).map(Duration::toMinutes).orElse(null);
                c.calendar = calendar;
            }
            if (closed && c.active()) {
                c.stop(at, kind != ClockKind.FIRST_RESPONSE || responded);
            }
            pauseOrRun(c, policy.orElse(null), kind);
        }
        var ola = clocks.get(ClockKind.OLA);
        Optional<Policy> olaPolicy = group == null ? Optional.empty() : rules.ola(at, group, priority);
        if (ola.active() && (closed || !Objects.equals(ola.group, group) || olaPolicy.isEmpty())) {
            ola.stop(at, true);
        }
        if (!ola.active() && !closed && olaPolicy.isPresent()) {
            ola.start(at, group);
        }
        if (ola.active()) {
            var p = olaPolicy.get();
            ola.target = Optional.ofNullable(p.targets().get(ClockKind.RESOLUTION)).map(Duration::toMinutes).orElse(null);
            ola.calendar = p.calendarId() != null ? p.calendarId() : calendar;
            pauseOrRun(ola, p, ClockKind.RESOLUTION);
        }
    }

    private void pauseOrRun(Clock c, Policy policy, ClockKind rulesOf) {
        if (!c.active()) {
            return;
        }
        PauseReason reason = null;
        if (policy != null && status == Status.PENDING_CUSTOMER
                && policy.pauses().contains(new SlaEngine.Pause(rulesOf, PauseReason.PENDING_CUSTOMER))) {
            reason = PauseReason.PENDING_CUSTOMER;
        } else if (policy != null && status == Status.PENDING_THIRD_PARTY
                && policy.pauses().contains(new SlaEngine.Pause(rulesOf, PauseReason.PENDING_THIRD_PARTY))) {
            reason = PauseReason.PENDING_THIRD_PARTY;
        }
        c.phase = reason == null ? Phase.RUNNING : Phase.PAUSED;
        c.pausedBy = reason;
        // a lower target than what was measured already: breached now
        if (c.breachedAt == null && c.target != null && c.elapsed > c.target) {
            c.breachedAt = at;
        }
    }

    /** Moves time on to {@code to}, minute by minute. */
    void tick(Instant to) {
        long from = minute(at);
        long end = minute(to);
        for (var c : clocks.values()) {
            if (!c.active()) {
                continue;
            }
            var calendar = calendars.apply(c.calendar);
            for (long m = from; m < end; m++) {
                if (c.phase == Phase.PAUSED) {
                    c.paused += calendar.open(m) ? 1 : 0;
                    continue;
                }
                if (c.breachedAt == null && c.target != null && c.elapsed >= c.target) {
                    c.breachedAt = Instant.ofEpochSecond(m * 60);
                }
                c.elapsed += calendar.open(m) ? 1 : 0;
            }
        }
        at = to;
    }

    /** When a running clock with a target runs out, counted forward from the last fact. */
    Instant due(Clock c) {
        if (c.phase != Phase.RUNNING || c.target == null) {
            return null;
        }
        if (c.breachedAt != null) {
            return c.breachedAt;
        }
        long left = c.target - c.elapsed;
        if (left <= 0) {
            return at;
        }
        var calendar = calendars.apply(c.calendar);
        long m = minute(at);
        while (left > 0) {
            if (calendar.open(m)) {
                left--;
            }
            m++;
            if (m - minute(at) > 3660L * 1440) {
                return null;
            }
        }
        return Instant.ofEpochSecond(m * 60);
    }

    /** Whether rule changes still reach the ticket: it is active, or one of its clocks runs. */
    boolean open() {
        return Status.ACTIVE.contains(status) || clocks.values().stream().anyMatch(Clock::active);
    }

    /** What a clock shows, in the terms both sides can give: what the comparisons compare. */
    record Seen(ClockKind kind, Phase phase, PauseReason pausedBy, Long targetMinutes, long elapsedMinutes,
                long pausedMinutes, Instant due, Instant breachedAt, Instant startedAt, Instant stoppedAt, int met,
                int breached) {}

    /** The engine's views, as minutes. */
    static List<Seen> seen(List<SlaEngine.View> views) {
        return views.stream().map(v -> new Seen(v.kind(), v.phase(), v.pausedBy(),
                v.target() == null ? null : v.target().toMinutes(), minutes(v.elapsed()), minutes(v.paused()), v.due(),
                v.breachedAt(), v.startedAt(), v.stoppedAt(), v.met(), v.breached())).toList();
    }

    /** The model's clocks as they stand at {@code now} (at or after the last fact): time moved on, no fact applied. */
    List<Seen> seen(Instant now) {
        var later = copy();
        if (now.isAfter(at)) {
            later.tick(now);
        }
        return clocks.values().stream().map(c -> {
            var m = later.clocks.get(c.kind);
            return new Seen(c.kind, c.phase, c.pausedBy, c.target, m.elapsed, m.paused, due(c), m.breachedAt,
                    c.startedAt, c.stoppedAt, m.met, m.breached);
        }).toList();
    }

    private static long minutes(Duration d) {
        if (d.toSeconds() % 60 != 0 || d.getNano() != 0) {
            throw new AssertionError("business time in whole minutes expected, not " + d);
        }
        return d.toMinutes();
    }

    static long minute(Instant t) {
        if (t.getNano() != 0 || t.getEpochSecond() % 60 != 0) {
            throw new IllegalArgumentException("the minute model reads whole minutes: " + t);
        }
        return t.getEpochSecond() / 60;
    }
}
