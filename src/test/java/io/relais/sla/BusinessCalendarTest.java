package io.relais.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relais.sla.BusinessCalendar.Closed;
import io.relais.sla.BusinessCalendar.Holiday;
import io.relais.sla.BusinessCalendar.Opening;
import io.relais.sla.BusinessCalendar.Range;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** Monday–Friday 8:00–12:00 and 13:30–18:00. */
    static BusinessCalendar office(ZoneId zone, List<Holiday> holidays, List<Opening> openings) {
        var week = new EnumMap<DayOfWeek, List<Range>>(DayOfWeek.class);
        for (var d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            week.put(d, List.of(Range.of("08:00", "12:00"), Range.of("13:30", "18:00")));
        }
        return BusinessCalendar.of(zone, week, holidays, openings);
    }

    static BusinessCalendar weekdays(ZoneId zone, String from, String to) {
        var week = new EnumMap<DayOfWeek, List<Range>>(DayOfWeek.class);
        for (var d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            week.put(d, List.of(Range.of(from, to)));
        }
        return BusinessCalendar.of(zone, week, List.of(), List.of());
    }

    static Instant at(ZoneId zone, String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    @Test
    void aMultiRangeDayCountsOnlyItsRanges() {
        var cal = office(PARIS, List.of(), List.of());
        // Tuesday 2026-11-24: 8:00–12:00 and 13:30–18:00 = 8 h 30
        assertThat(cal.between(at(PARIS, "2026-11-24T00:00"), at(PARIS, "2026-11-25T00:00"))).isEqualTo(Duration.ofMinutes(510));
        // the lunch break does not count
        assertThat(cal.between(at(PARIS, "2026-11-24T11:00"), at(PARIS, "2026-11-24T14:00"))).isEqualTo(Duration.ofMinutes(90));
        // 1 h 30 from 11:30 ends after lunch: 30 min before, 1 h after 13:30
        assertThat(cal.plus(at(PARIS, "2026-11-24T11:30"), Duration.ofMinutes(90))).contains(at(PARIS, "2026-11-24T14:30"));
    }

    @Test
    void nightsAndWeekendsDoNotCount() {
        var cal = office(PARIS, List.of(), List.of());
        // Friday 17:00 + 2 h = Monday 9:00
        assertThat(cal.plus(at(PARIS, "2026-11-27T17:00"), Duration.ofHours(2))).contains(at(PARIS, "2026-11-30T09:00"));
        assertThat(cal.between(at(PARIS, "2026-11-27T17:00"), at(PARIS, "2026-11-30T09:00"))).isEqualTo(Duration.ofHours(2));
        // a due instant that falls exactly at closing time stays there, not the next morning
        assertThat(cal.plus(at(PARIS, "2026-11-27T17:00"), Duration.ofHours(1))).contains(at(PARIS, "2026-11-27T18:00"));
    }

    @Test
    void aTicketOpenedOutsideHoursStartsCountingAtTheNextOpening() {
        var cal = office(PARIS, List.of(), List.of());
        // opened Saturday night: 30 minutes of business time is Monday 8:30
        assertThat(cal.plus(at(PARIS, "2026-11-28T23:10"), Duration.ofMinutes(30))).contains(at(PARIS, "2026-11-30T08:30"));
        // opened at 6:00 on a Wednesday
        assertThat(cal.plus(at(PARIS, "2026-11-25T06:00"), Duration.ofHours(4))).contains(at(PARIS, "2026-11-25T12:00"));
        assertThat(cal.between(at(PARIS, "2026-11-25T06:00"), at(PARIS, "2026-11-25T07:59"))).isZero();
    }

    @Test
    void holidaysSingleRangedAndYearlyAreClosed() {
        var cal = office(PARIS, List.of(
                Holiday.day(LocalDate.of(2026, 5, 14), "Ascension"),
                new Holiday(LocalDate.of(2026, 8, 10), LocalDate.of(2026, 8, 14), false, "Summer closing"),
                Holiday.yearly(MonthDay.of(12, 25), "Christmas"),
                new Holiday(LocalDate.of(2000, 12, 31), LocalDate.of(2001, 1, 1), true, "New Year")), List.of());
        // Thursday 14 May 2026 is closed: Wednesday 17:00 + 2 h = Friday 9:00
        assertThat(cal.plus(at(PARIS, "2026-05-13T17:00"), Duration.ofHours(2))).contains(at(PARIS, "2026-05-15T09:00"));
        // the week of 10–14 August counts nothing
        assertThat(cal.between(at(PARIS, "2026-08-10T00:00"), at(PARIS, "2026-08-15T00:00"))).isZero();
        // Christmas, every year; New Year wraps the end of the year (Thursday 31 Dec 2026, Friday 1 Jan 2027)
        assertThat(cal.between(at(PARIS, "2031-12-25T00:00"), at(PARIS, "2031-12-26T00:00"))).isZero();
        assertThat(cal.between(at(PARIS, "2026-12-31T00:00"), at(PARIS, "2027-01-02T00:00"))).isZero();
        assertThat(cal.between(at(PARIS, "2026-12-30T00:00"), at(PARIS, "2026-12-31T00:00"))).isEqualTo(Duration.ofMinutes(510));
    }

    @Test
    void anExceptionalOpeningOpensAClosedDay() {
        var cal = office(PARIS, List.of(Holiday.day(LocalDate.of(2026, 12, 5), "never mind")),
                List.of(new Opening(LocalDate.of(2026, 12, 5), List.of(Range.of("09:00", "13:00")), "migration Saturday")));
        assertThat(cal.between(at(PARIS, "2026-12-05T00:00"), at(PARIS, "2026-12-06T00:00"))).isEqualTo(Duration.ofHours(4));
        assertThat(cal.plus(at(PARIS, "2026-12-04T17:00"), Duration.ofHours(2))).contains(at(PARIS, "2026-12-05T10:00"));
    }

    @Test
    void dstChangesInParisKeepWallClockHours() {
        // a 24/7 calendar in Paris: the night of 29 March 2026 lasts 23 hours, of 25 October 2026 25 hours
        var always = BusinessCalendar.always(PARIS);
        assertThat(always.between(at(PARIS, "2026-03-29T00:00"), at(PARIS, "2026-03-30T00:00"))).isEqualTo(Duration.ofHours(23));
        // a calendar open every day 00:00–24:00 by its ranges, not the fast path, gives the same answer
        var week = new EnumMap<DayOfWeek, List<Range>>(DayOfWeek.class);
        for (var d : DayOfWeek.values()) {
            week.put(d, List.of(new Range(0, 720), new Range(720, 1440)));
        }
        var byRanges = BusinessCalendar.of(PARIS, week, List.of(), List.of());
        assertThat(byRanges.between(at(PARIS, "2026-03-29T00:00"), at(PARIS, "2026-03-30T00:00"))).isEqualTo(Duration.ofHours(23));
        assertThat(byRanges.between(at(PARIS, "2026-10-25T00:00"), at(PARIS, "2026-10-26T00:00"))).isEqualTo(Duration.ofHours(25));
        // Sunday 01:00–04:00 on the autumn change lasts 4 real hours (2:00–3:00 happens twice)
        var sundayNight = BusinessCalendar.of(PARIS, Map.of(DayOfWeek.SUNDAY, List.of(Range.of("01:00", "04:00"))), List.of(), List.of());
        assertThat(sundayNight.between(at(PARIS, "2026-10-25T00:00"), at(PARIS, "2026-10-26T00:00"))).isEqualTo(Duration.ofHours(4));
        assertThat(sundayNight.between(at(PARIS, "2026-03-29T00:00"), at(PARIS, "2026-03-30T00:00"))).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void dstChangesInNewYorkDoNotShiftOfficeHours() {
        var cal = weekdays(NEW_YORK, "09:00", "17:00");
        // Friday 6 March 2026 16:00 + 2 h, across the change of Sunday 8 March = Monday 10:00 New York time
        assertThat(cal.plus(at(NEW_YORK, "2026-03-06T16:00"), Duration.ofHours(2))).contains(at(NEW_YORK, "2026-03-09T10:00"));
        // the same across the change of 1 November
        assertThat(cal.plus(at(NEW_YORK, "2026-10-30T16:00"), Duration.ofHours(2))).contains(at(NEW_YORK, "2026-11-02T10:00"));
        assertThat(cal.between(at(NEW_YORK, "2026-10-30T00:00"), at(NEW_YORK, "2026-11-03T00:00"))).isEqualTo(Duration.ofHours(16));
    }

    @Test
    void theExplanationCoversTheWholeSpanWithReasons() {
        var cal = office(PARIS, List.of(Holiday.day(LocalDate.of(2026, 11, 30), "Feast")), List.of());
        var spans = cal.explain(at(PARIS, "2026-11-27T17:00"), at(PARIS, "2026-12-01T09:00"));
        assertThat(spans.get(0).from()).isEqualTo(at(PARIS, "2026-11-27T17:00"));
        assertThat(spans.get(spans.size() - 1).to()).isEqualTo(at(PARIS, "2026-12-01T09:00"));
        for (int i = 1; i < spans.size(); i++) {
            assertThat(spans.get(i).from()).isEqualTo(spans.get(i - 1).to());
        }
        var counted = spans.stream().filter(BusinessCalendar.Span::open).map(BusinessCalendar.Span::length)
                .reduce(Duration.ZERO, Duration::plus);
        assertThat(counted).isEqualTo(cal.between(at(PARIS, "2026-11-27T17:00"), at(PARIS, "2026-12-01T09:00")))
                .isEqualTo(Duration.ofHours(2));
        assertThat(spans).extracting(BusinessCalendar.Span::reason).contains(Closed.OUTSIDE_HOURS, Closed.CLOSED_DAY, Closed.HOLIDAY);
        assertThat(spans).filteredOn(s -> s.reason() == Closed.HOLIDAY).extracting(BusinessCalendar.Span::detail).containsOnly("Feast");
    }

    @Test
    void aCalendarThatNeverOpensHasNoDueInstant() {
        var never = BusinessCalendar.of(PARIS, Map.of(), List.of(), List.of());
        assertThat(never.plus(at(PARIS, "2026-11-24T10:00"), Duration.ofMinutes(1))).isEmpty();
        assertThat(never.between(at(PARIS, "2026-11-24T10:00"), at(PARIS, "2026-12-24T10:00"))).isZero();
    }

    @Test
    void badRangesAreRefused() {
        assertThatThrownBy(() -> Range.of("12:00", "08:00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BusinessCalendar.of(PARIS, Map.of(DayOfWeek.MONDAY,
                List.of(Range.of("08:00", "12:00"), Range.of("11:00", "14:00"))), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap");
    }
}
