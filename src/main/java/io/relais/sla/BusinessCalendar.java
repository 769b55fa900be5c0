package io.relais.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Business time of one calendar: weekly opening hours in a time zone (several ranges a day), holidays
 * (single days, ranges, yearly recurring) and exceptional openings. Immutable and pure: the same
 * question always gets the same answer, whatever the machine's zone.
 *
 * <p>Ranges are local wall-clock times: on a DST change day an 8:00–19:00 range lasts 10 or 12 hours
 * of real time, and a time inside the skipped hour moves forward by the length of the gap (as java.time does).
 */
public final class BusinessCalendar {
    /** At most this far ahead is searched for open time; a calendar that never opens has no due instants. */
    static final int HORIZON_DAYS = 3660;

    /** An opening range of a day, in minutes since local midnight: [start, end), end at most 1440 (24:00). */
    public record Range(int startMinute, int endMinute) {
        public Range {
            if (startMinute < 0 || endMinute > 1440 || startMinute >= endMinute) {
                throw new IllegalArgumentException("a range runs from 00:00 to 24:00 and ends after it starts: "
                        + startMinute + "–" + endMinute);
            }
        }

        public static Range of(String start, String end) {
            return new Range(minutes(start), minutes(end));
        }

        static int minutes(String hhmm) {
            if ("24:00".equals(hhmm)) {
                return 1440;
            }
            var t = LocalTime.parse(hhmm);
            return t.getHour() * 60 + t.getMinute();
        }

        @Override
        public String toString() {
            return "%02d:%02d–%02d:%02d".formatted(startMinute / 60, startMinute % 60, endMinute / 60, endMinute % 60);
        }
    }

    /** Closed from {@code from} to {@code to} inclusive; yearly: on those month-days every year (may wrap New Year). */
    public record Holiday(LocalDate from, LocalDate to, boolean yearly, String name) {
        public Holiday {
            if (from == null || to == null || to.isBefore(from)) {
                throw new IllegalArgumentException("a holiday ends on or after the day it starts");
            }
        }

        public static Holiday day(LocalDate date, String name) {
            return new Holiday(date, date, false, name);
        }

        public static Holiday yearly(MonthDay day, String name) {
            var date = day.atYear(2000);
            return new Holiday(date, date, true, name);
        }

        boolean covers(LocalDate date) {
            if (!yearly) {
                return !date.isBefore(from) && !date.isAfter(to);
            }
            var d = MonthDay.from(date);
            var f = MonthDay.from(from);
            var t = MonthDay.from(to);
            return f.isAfter(t) ? !d.isBefore(f) || !d.isAfter(t) : !d.isBefore(f) && !d.isAfter(t);
        }
    }

    /** A day open with these ranges whatever the week or the holidays say (a Saturday of migration, say). */
    public record Opening(LocalDate date, List<Range> ranges, String name) {
        public Opening {
            ranges = sorted(ranges);
        }
    }

    /** Why a span is not business time. */
    public enum Closed { OUTSIDE_HOURS, CLOSED_DAY, HOLIDAY }

    /** A stretch of time and whether it counts: {@code reason} and {@code detail} say why it does not. */
    public record Span(Instant from, Instant to, boolean open, Closed reason, String detail) {
        public Duration length() {
            return Duration.between(from, to);
        }
    }

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Range>> weekly;
    private final List<Holiday> holidays;
    private final Map<LocalDate, Opening> openings;
    private final boolean alwaysOpen;

    private BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<Range>> weekly, List<Holiday> holidays, List<Opening> openings) {
        this.zone = zone;
        var w = new EnumMap<DayOfWeek, List<Range>>(DayOfWeek.class);
        for (var day : DayOfWeek.values()) {
            w.put(day, sorted(weekly.getOrDefault(day, List.of())));
        }
        this.weekly = w;
        this.holidays = List.copyOf(holidays);
        var o = new TreeMap<LocalDate, Opening>();
        openings.forEach(x -> o.put(x.date(), x));
        this.openings = o;
        this.alwaysOpen = holidays.isEmpty() && w.values().stream().allMatch(r -> r.equals(List.of(new Range(0, 1440))));
    }

    public static BusinessCalendar of(ZoneId zone, Map<DayOfWeek, List<Range>> weekly, List<Holiday> holidays,
                                      List<Opening> openings) {
        return new BusinessCalendar(zone, weekly, holidays, openings);
    }

    /** Open all the time: business time is real time. */
    public static BusinessCalendar always(ZoneId zone) {
        var all = new EnumMap<DayOfWeek, List<Range>>(DayOfWeek.class);
        for (var day : DayOfWeek.values()) {
            all.put(day, List.of(new Range(0, 1440)));
        }
        return new BusinessCalendar(zone, all, List.of(), List.of());
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean alwaysOpen() {
        return alwaysOpen && openings.isEmpty();
    }

    /** Business time in [from, to); zero when {@code to} is not after {@code from}. */
    public Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (alwaysOpen()) {
            return Duration.between(from, to);
        }
        var total = Duration.ZERO;
        var last = date(to);
        for (var d = date(from); !d.isAfter(last); d = d.plusDays(1)) {
            for (var r : open(d).ranges()) {
                var s = max(start(d, r), from);
                var e = min(end(d, r), to);
                if (e.isAfter(s)) {
                    total = total.plus(Duration.between(s, e));
                }
            }
        }
        return total;
    }

    /**
     * The instant at which {@code business} time has passed since {@code from}: a due instant. Empty when
     * the calendar does not open enough within ten years. Zero business time gives {@code from} itself.
     */
    public Optional<Instant> plus(Instant from, Duration business) {
        if (business.isNegative() || business.isZero()) {
            return Optional.of(from);
        }
        if (alwaysOpen()) {
            return Optional.of(from.plus(business));
        }
        var left = business;
        var first = date(from);
        for (var d = first; d.isBefore(first.plusDays(HORIZON_DAYS)); d = d.plusDays(1)) {
            for (var r : open(d).ranges()) {
                var s = max(start(d, r), from);
                var e = end(d, r);
                if (!e.isAfter(s)) {
                    continue;
                }
                var length = Duration.between(s, e);
                if (left.compareTo(length) <= 0) {
                    return Optional.of(s.plus(left));
                }
                left = left.minus(length);
            }
        }
        return Optional.empty();
    }

    /** [from, to) cut into what counted and what did not, with the reason: the "why" of a clock. */
    public List<Span> explain(Instant from, Instant to) {
        var spans = new ArrayList<Span>();
        if (!to.isAfter(from)) {
            return spans;
        }
        if (alwaysOpen()) {
            spans.add(new Span(from, to, true, null, null));
            return spans;
        }
        var last = date(to);
        for (var d = date(from); !d.isAfter(last); d = d.plusDays(1)) {
            var day = open(d);
            var dayStart = d.atStartOfDay(zone).toInstant();
            var dayEnd = d.plusDays(1).atStartOfDay(zone).toInstant();
            var cursor = dayStart;
            for (var r : day.ranges()) {
                var s = start(d, r);
                var e = end(d, r);
                add(spans, cursor, s, from, to, false, day.reason(), day.detail());
                add(spans, s, e, from, to, true, null, null);
                cursor = e;
            }
            add(spans, cursor, dayEnd, from, to, false, day.reason(), day.detail());
        }
        return spans;
    }

    /** The day's ranges, and why the rest of it is closed. */
    private record Day(List<Range> ranges, Closed reason, String detail) {}

    private Day open(LocalDate date) {
        var opening = openings.get(date);
        if (opening != null) {
            return new Day(opening.ranges(), Closed.OUTSIDE_HOURS, null);
        }
        for (var h : holidays) {
            if (h.covers(date)) {
                return new Day(List.of(), Closed.HOLIDAY, h.name());
            }
        }
        var ranges = weekly.get(date.getDayOfWeek());
        return ranges.isEmpty() ? new Day(ranges, Closed.CLOSED_DAY, date.getDayOfWeek().name())
                : new Day(ranges, Closed.OUTSIDE_HOURS, null);
    }

    private static void add(List<Span> spans, Instant s, Instant e, Instant from, Instant to, boolean open,
                            Closed reason, String detail) {
        var a = max(s, from);
        var b = min(e, to);
        if (!b.isAfter(a)) {
            return;
        }
        if (!spans.isEmpty()) {
            var prev = spans.get(spans.size() - 1);
            if (prev.to().equals(a) && prev.open() == open && prev.reason() == reason
                    && java.util.Objects.equals(prev.detail(), detail)) {
                spans.set(spans.size() - 1, new Span(prev.from(), b, open, reason, detail));
                return;
            }
        }
        spans.add(new Span(a, b, open, reason, detail));
    }

    private LocalDate date(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    private Instant start(LocalDate d, Range r) {
        return r.startMinute() == 0 ? d.atStartOfDay(zone).toInstant()
                : d.atTime(r.startMinute() / 60, r.startMinute() % 60).atZone(zone).toInstant();
    }

    private Instant end(LocalDate d, Range r) {
        return r.endMinute() == 1440 ? d.plusDays(1).atStartOfDay(zone).toInstant()
                : d.atTime(r.endMinute() / 60, r.endMinute() % 60).atZone(zone).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static List<Range> sorted(List<Range> ranges) {
        var list = new ArrayList<>(ranges);
        list.sort(Comparator.comparingInt(Range::startMinute));
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i).startMinute() < list.get(i - 1).endMinute()) {
                throw new IllegalArgumentException("ranges overlap: " + list.get(i - 1) + " and " + list.get(i));
            }
        }
        return List.copyOf(list);
    }
}
