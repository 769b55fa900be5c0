package io.relais.sla.web;

import io.relais.common.InvalidInputException;
import io.relais.common.InvalidInputException.FieldProblem;
import io.relais.sla.BusinessCalendar.Range;
import io.relais.sla.SlaCalendars.CalendarForm;
import io.relais.sla.SlaCalendars.CalendarView;
import io.relais.sla.SlaCalendars.DayForm;
import io.relais.sla.internal.SlaRules;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import org.springframework.web.bind.annotation.BindParam;

/**
 * The forms of a calendar's page as they are posted, shown again as typed when they are refused; built from the
 * stored calendar when the page opens.
 */
final class CalendarForms {
    private CalendarForms() {}

    /** The week in one form: {@code hours_MONDAY=08:00-12:30, 13:30-19:00} (empty: closed). */
    record WeekFields(String name, String zone, @BindParam("hours_MONDAY") String monday,
                      @BindParam("hours_TUESDAY") String tuesday, @BindParam("hours_WEDNESDAY") String wednesday,
                      @BindParam("hours_THURSDAY") String thursday, @BindParam("hours_FRIDAY") String friday,
                      @BindParam("hours_SATURDAY") String saturday, @BindParam("hours_SUNDAY") String sunday) {
        static WeekFields of(CalendarView c) {
            return new WeekFields(c.name(), c.zone(), shown(c, DayOfWeek.MONDAY), shown(c, DayOfWeek.TUESDAY),
                    shown(c, DayOfWeek.WEDNESDAY), shown(c, DayOfWeek.THURSDAY), shown(c, DayOfWeek.FRIDAY),
                    shown(c, DayOfWeek.SATURDAY), shown(c, DayOfWeek.SUNDAY));
        }

        /** As the form shows a stored day: with the hyphen it reads back (the page's lists show an en dash). */
        private static String shown(CalendarView c, DayOfWeek day) {
            return c.hours(day).replace('–', '-');
        }

        /** A day's hours as typed (public: the page calls it). */
        public String hours(DayOfWeek day) {
            var text = switch (day) {
                case MONDAY -> monday;
                case TUESDAY -> tuesday;
                case WEDNESDAY -> wednesday;
                case THURSDAY -> thursday;
                case FRIDAY -> friday;
                case SATURDAY -> saturday;
                case SUNDAY -> sunday;
            };
            return text == null ? "" : text;
        }

        /** The calendar, or every day the page could not read (each beside its field). */
        CalendarForm form() {
            var week = new EnumMap<DayOfWeek, List<Range>>(DayOfWeek.class);
            var problems = new ArrayList<FieldProblem>();
            for (var d : DayOfWeek.values()) {
                try {
                    var ranges = SlaRules.ranges(hours(d).replace(" ", "").replace('–', '-'));
                    if (!ranges.isEmpty()) {
                        week.put(d, ranges);
                    }
                } catch (RuntimeException e) {
                    problems.add(new FieldProblem("hours_" + d, "hours such as 08:00-12:30, 13:30-19:00"));
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException("The SLA settings are not valid", problems);
            }
            return new CalendarForm(name, zone, week);
        }
    }

    /** A holiday (HOLIDAY) or an exceptional opening (OPENING, with its hours). An unticked box is not posted: false. */
    record DayFields(String kind, LocalDate from, LocalDate to, Boolean yearly, String hours, String name) {
        DayFields {
            yearly = Boolean.TRUE.equals(yearly);
        }

        static DayFields empty() {
            return new DayFields("HOLIDAY", null, null, false, "", "");
        }

        DayForm form() {
            return new DayForm(kind, from, to, yearly, hours == null ? null : hours.replace(" ", "").replace('–', '-'), name);
        }
    }
}
