package io.relais.sla.internal;

import io.relais.sla.AlertAction;
import io.relais.sla.BusinessCalendar;
import io.relais.sla.BusinessCalendar.Holiday;
import io.relais.sla.BusinessCalendar.Opening;
import io.relais.sla.BusinessCalendar.Range;
import io.relais.sla.SlaEngine;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.SlaEngine.Pause;
import io.relais.sla.SlaEngine.PauseReason;
import io.relais.sla.SlaEngine.Policy;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Priority;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Calendars and policy versions as the engine reads them: loaded from the database into an immutable
 * snapshot, read again when {@code sla_revision} moves (any node's edit), so every node measures with
 * the same rules.
 */
@Component
public class SlaRules {
    private final JdbcClient jdbc;
    private volatile Snapshot snapshot;

    SlaRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The rules now: one small query to check the revision, a reload when it moved. */
    public Snapshot current() {
        long revision = jdbc.sql("select revision from sla_revision where id = 1").query(Long.class).single();
        var s = snapshot;
        if (s == null || s.revision() != revision) {
            s = load(revision);
            snapshot = s;
        }
        return s;
    }

    /** Called in the transaction of every edit of calendars or policies. */
    public void bump() {
        jdbc.sql("update sla_revision set revision = revision + 1 where id = 1").update();
    }

    /** One stored policy version, with its matching criteria. */
    record Version(long rowId, Policy policy, String kind, Long organizationId, Long groupId, int position,
                   Instant validFrom, Instant validTo, Set<Priority> priorities, Set<Long> categories, Set<Channel> channels,
                   Set<AlertAction> warnActions, Set<AlertAction> breachActions, Long escalationGroupId) {
        boolean validAt(Instant at) {
            return !at.isBefore(validFrom) && (validTo == null || at.isBefore(validTo));
        }

        boolean matches(Priority priority, Long categoryId, Channel channel) {
            return (priorities.isEmpty() || priorities.contains(priority))
                    && (categories.isEmpty() || (categoryId != null && categories.contains(categoryId)))
                    && (channels.isEmpty() || channels.contains(channel));
        }
    }

    public record Snapshot(long revision, Map<Long, BusinessCalendar> calendars, long defaultCalendarId,
                           Map<Long, Long> organizationCalendars, List<Version> versions, Map<Long, String> calendarNames)
            implements SlaEngine.Rules {
        /** The name of the policy version a clock was measured under, if any. */
        public Optional<String> policyName(Long policyId, Integer version) {
            return version(policyId, version).map(v -> v.policy().name());
        }

        @Override
        public Optional<Policy> customer(Instant at, long organizationId, Priority priority, Long categoryId, Channel channel) {
            Version best = null;
            for (var v : versions) {
                if (!"CUSTOMER".equals(v.kind()) || !v.validAt(at) || !v.matches(priority, categoryId, channel)) {
                    continue;
                }
                if (v.organizationId() != null && v.organizationId() != organizationId) {
                    continue;
                }
                if (best == null || rank(v) < rank(best)) {
                    best = v;
                }
            }
            return Optional.ofNullable(best).map(Version::policy);
        }

        /** The organization's own policies first, then those for every organization; by position, then age. */
        private static long rank(Version v) {
            return (v.organizationId() == null ? 1L << 40 : 0L) + ((long) v.position() << 20) + (v.policy().id() & 0xFFFFF);
        }

        @Override
        public Optional<Policy> ola(Instant at, long groupId, Priority priority) {
            return versions.stream().filter(v -> "OLA".equals(v.kind()) && v.validAt(at) && v.groupId() != null
                            && v.groupId() == groupId && (v.priorities().isEmpty() || v.priorities().contains(priority)))
                    .min(java.util.Comparator.comparingInt(Version::position).thenComparingLong(v -> v.policy().id()))
                    .map(Version::policy);
        }

        /** A stored version of a policy, for what it does on warnings and breaches. */
        Optional<Version> version(Long policyId, Integer version) {
            if (policyId == null || version == null) {
                return Optional.empty();
            }
            return versions.stream().filter(v -> v.policy().id() == policyId && v.policy().version() == version).findFirst();
        }

        /** Every instant a policy version began or ended, in order: where open tickets looked their policy up again. */
        public List<Instant> boundaries() {
            return versions.stream().flatMap(v -> java.util.stream.Stream.of(v.validFrom(), v.validTo()))
                    .filter(java.util.Objects::nonNull).distinct().sorted().toList();
        }

        @Override
        public long calendarOf(long organizationId) {
            return organizationCalendars.getOrDefault(organizationId, defaultCalendarId);
        }

        @Override
        public BusinessCalendar calendar(long calendarId) {
            var c = calendars.get(calendarId);
            return c != null ? c : calendars.get(defaultCalendarId);
        }
    }

    private Snapshot load(long revision) {
        var days = new HashMap<Long, List<Object[]>>();
        jdbc.sql("select calendar_id, kind, date_from, date_to, yearly, hours, name from sla_calendar_day order by id")
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                        rs.getObject(4, LocalDate.class), rs.getBoolean(5), rs.getString(6), rs.getString(7)})
                .list().forEach(r -> days.computeIfAbsent((Long) r[0], k -> new ArrayList<>()).add(r));
        var calendars = new HashMap<Long, BusinessCalendar>();
        long[] builtin = {-1};
        var names = new HashMap<Long, String>();
        jdbc.sql("select id, zone, hours, builtin, name from sla_calendar order by id").query((rs, i) -> {
            long id = rs.getLong(1);
            names.put(id, rs.getString(5));
            var holidays = new ArrayList<Holiday>();
            var openings = new ArrayList<Opening>();
            for (var d : days.getOrDefault(id, List.of())) {
                if ("OPENING".equals(d[1])) {
                    openings.add(new Opening((LocalDate) d[2], ranges((String) d[5]), (String) d[6]));
                } else {
                    holidays.add(new Holiday((LocalDate) d[2], (LocalDate) d[3], (Boolean) d[4], (String) d[6]));
                }
            }
            calendars.put(id, BusinessCalendar.of(ZoneId.of(rs.getString(2)), week(rs.getString(3)), holidays, openings));
            if (rs.getBoolean(4) && builtin[0] < 0) {
                builtin[0] = id;
            }
            return id;
        }).list();
        var organizations = new HashMap<Long, Long>();
        jdbc.sql("select organization_id, calendar_id from sla_organization")
                .query((rs, i) -> organizations.put(rs.getLong(1), rs.getLong(2))).list();
        var versions = jdbc.sql("select id, policy_id, version, valid_from, valid_to, kind, organization_id, group_id, position,"
                        + " name, priorities, category_ids, channels, first_response_minutes, next_update_minutes,"
                        + " resolution_minutes, pauses, calendar_id, warn_percent, warn_actions, breach_actions, escalation_group_id"
                        + " from sla_policy order by id")
                .query((rs, i) -> {
                    var targets = new EnumMap<ClockKind, Duration>(ClockKind.class);
                    minutes(rs.getObject(14, Integer.class)).ifPresent(d -> targets.put(ClockKind.FIRST_RESPONSE, d));
                    minutes(rs.getObject(15, Integer.class)).ifPresent(d -> targets.put(ClockKind.NEXT_UPDATE, d));
                    minutes(rs.getObject(16, Integer.class)).ifPresent(d -> targets.put(ClockKind.RESOLUTION, d));
                    var policy = new Policy(rs.getLong(2), rs.getInt(3), rs.getString(10), targets, pauses(rs.getString(17)),
                            rs.getObject(18, Long.class), rs.getInt(19));
                    return new Version(rs.getLong(1), policy, rs.getString(6), rs.getObject(7, Long.class),
                            rs.getObject(8, Long.class), rs.getInt(9), instant(rs, 4), instant(rs, 5),
                            set(rs.getString(11), Priority::valueOf), set(rs.getString(12), Long::valueOf),
                            set(rs.getString(13), Channel::valueOf), set(rs.getString(20), AlertAction::valueOf),
                            set(rs.getString(21), AlertAction::valueOf), rs.getObject(22, Long.class));
                }).list();
        return new Snapshot(revision, Map.copyOf(calendars), builtin[0], Map.copyOf(organizations), List.copyOf(versions),
                Map.copyOf(names));
    }

    // ---- the text forms stored in the tables

    /** "MONDAY=08:00-12:00,13:30-18:00;TUESDAY=…" */
    public static Map<DayOfWeek, List<Range>> week(String text) {
        var week = new EnumMap<DayOfWeek, List<Range>>(DayOfWeek.class);
        if (text == null || text.isBlank()) {
            return week;
        }
        for (var day : text.split(";")) {
            var parts = day.split("=", 2);
            if (parts.length == 2 && !parts[1].isBlank()) {
                week.put(DayOfWeek.valueOf(parts[0].trim()), ranges(parts[1]));
            }
        }
        return week;
    }

    public static String week(Map<DayOfWeek, List<Range>> week) {
        return Arrays.stream(DayOfWeek.values()).filter(d -> !week.getOrDefault(d, List.of()).isEmpty())
                .map(d -> d.name() + "=" + ranges(week.get(d))).collect(Collectors.joining(";"));
    }

    /** "08:00-12:00,13:30-18:00" */
    public static List<Range> ranges(String text) {
        var ranges = new ArrayList<Range>();
        if (text == null || text.isBlank()) {
            return ranges;
        }
        for (var r : text.split(",")) {
            var ends = r.trim().split("-");
            if (ends.length != 2) {
                throw new IllegalArgumentException("a range reads 08:00-12:00: " + r.trim());
            }
            ranges.add(Range.of(ends[0].trim(), ends[1].trim()));
        }
        return ranges;
    }

    public static String ranges(List<Range> ranges) {
        return ranges.stream().map(r -> "%02d:%02d-%02d:%02d".formatted(r.startMinute() / 60, r.startMinute() % 60,
                r.endMinute() / 60, r.endMinute() % 60)).collect(Collectors.joining(","));
    }

    public static Set<Pause> pauses(String text) {
        var set = new HashSet<Pause>();
        if (text != null) {
            for (var p : text.split(",")) {
                var parts = p.trim().split(":");
                if (parts.length == 2) {
                    set.add(new Pause(ClockKind.valueOf(parts[0]), PauseReason.valueOf(parts[1])));
                }
            }
        }
        return set;
    }

    public static String pauses(Set<Pause> pauses) {
        return pauses.stream().map(p -> p.kind() + ":" + p.reason()).sorted().collect(Collectors.joining(","));
    }

    /** A stored list "A,B,C" as a set, in its stored order. */
    public static <T> Set<T> set(String text, java.util.function.Function<String, T> parse) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(parse)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    private static Optional<Duration> minutes(Integer m) {
        return m == null ? Optional.empty() : Optional.of(Duration.ofMinutes(m));
    }

    private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        var t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
