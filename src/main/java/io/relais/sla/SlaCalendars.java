package io.relais.sla;

import static io.relais.sla.internal.SlaEdits.at;
import static io.relais.sla.internal.SlaEdits.invalid;

import io.relais.common.NotFoundException;
import io.relais.security.Actor;
import io.relais.sla.BusinessCalendar.Range;
import io.relais.sla.internal.SlaClocks;
import io.relais.sla.internal.SlaEdits;
import io.relais.sla.internal.SlaRules;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Business calendars: their week, their holidays and exceptional openings. Each edit is one transaction that bumps
 * the rules' revision first ({@link SlaEdits}); after its commit the open tickets' clocks are recomputed, for their
 * whole history (a corrected calendar counts for the past too).
 */
@Service
public class SlaCalendars {
    private final JdbcClient jdbc;
    private final SlaRules rules;
    private final SlaClocks clocks;
    private final SlaEdits edits;
    private final Clock clock;

    SlaCalendars(JdbcClient jdbc, SlaRules rules, SlaClocks clocks, SlaEdits edits, Clock clock) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.clocks = clocks;
        this.edits = edits;
        this.clock = clock;
    }

    public record DayView(long id, String kind, LocalDate from, LocalDate to, boolean yearly, String hours, String name) {}

    public record CalendarView(long id, String name, String zone, Map<DayOfWeek, List<Range>> week, boolean builtin,
                               List<DayView> days) {
        /** The week as the form shows it: "08:00-12:30, 13:30-19:00" per day, empty when closed. */
        public String hours(DayOfWeek day) {
            return week.getOrDefault(day, List.of()).stream().map(Range::toString).collect(Collectors.joining(", "));
        }
    }

    public record CalendarForm(String name, String zone, Map<DayOfWeek, List<Range>> week) {}

    public record DayForm(String kind, LocalDate from, LocalDate to, boolean yearly, String hours, String name) {}

    @Transactional(readOnly = true)
    public List<CalendarView> calendars() {
        var days = new HashMap<Long, List<DayView>>();
        jdbc.sql("select id, calendar_id, kind, date_from, date_to, yearly, hours, name from sla_calendar_day order by date_from, id")
                .query((rs, i) -> days.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(new DayView(
                        rs.getLong(1), rs.getString(3), rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class),
                        rs.getBoolean(6), rs.getString(7), rs.getString(8)))).list();
        return jdbc.sql("select id, name, zone, hours, builtin from sla_calendar order by builtin desc, name")
                .query((rs, i) -> new CalendarView(rs.getLong(1), rs.getString(2), rs.getString(3), SlaRules.week(rs.getString(4)),
                        rs.getBoolean(5), List.copyOf(days.getOrDefault(rs.getLong(1), List.of())))).list();
    }

    public Optional<CalendarView> calendar(long id) {
        return calendars().stream().filter(c -> c.id() == id).findFirst();
    }

    /** The built-in 24/7 calendar. */
    public long defaultCalendar() {
        return rules.current().defaultCalendarId();
    }

    public long createCalendar(Actor actor, CalendarForm form) {
        actor.requireAdmin();
        validate(form);
        return edits.edit(() -> {
            var key = new GeneratedKeyHolder();
            jdbc.sql("insert into sla_calendar (name, zone, hours, builtin, updated_at) values (?, ?, ?, false, ?)")
                    .params(form.name().trim(), form.zone(), SlaRules.week(form.week()), now()).update(key, "id");
            return key.getKeyAs(Long.class);
        });
    }

    /** Edits a calendar; the open tickets' clocks are recomputed (a corrected calendar counts for the past too). */
    public void updateCalendar(Actor actor, long calendarId, CalendarForm form) {
        actor.requireAdmin();
        validate(form);
        edits.edit(() -> {
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
        validate(day);
        edits.edit(() -> {
            if (jdbc.sql("update sla_calendar set updated_at = ? where id = ?").params(now(), calendarId).update() == 0) {
                throw new NotFoundException("calendar", calendarId);
            }
            jdbc.sql("insert into sla_calendar_day (calendar_id, kind, date_from, date_to, yearly, hours, name) values (?, ?, ?, ?, ?, ?, ?)")
                    .params(calendarId, day.kind(), day.from(), day.to() == null ? day.from() : day.to(), day.yearly(),
                            "OPENING".equals(day.kind()) ? day.hours() : null, day.name().trim()).update();
        });
        clocks.recomputeOpen();
    }

    /** Removes a holiday or an exceptional opening; the open tickets' clocks are recomputed. */
    public void removeDay(Actor actor, long calendarId, long dayId) {
        actor.requireAdmin();
        edits.edit(() -> {
            var n = jdbc.sql("delete from sla_calendar_day where id = ? and calendar_id = ?").params(dayId, calendarId).update();
            if (n == 0) {
                throw new NotFoundException("calendar day", dayId);
            }
            jdbc.sql("update sla_calendar set updated_at = ? where id = ?").params(now(), calendarId).update();
        });
        clocks.recomputeOpen();
    }

    private static void validate(CalendarForm form) {
        var errors = new LinkedHashMap<String, String>();
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

    private static void validate(DayForm day) {
        var errors = new LinkedHashMap<String, String>();
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
    }

    private OffsetDateTime now() {
        return at(clock.instant());
    }
}
