package io.relais.sla.web;

import io.relais.common.InvalidInputException;
import io.relais.common.InvalidInputException.FieldProblem;
import io.relais.sla.BusinessCalendar.Range;
import io.relais.sla.SlaCalendars.CalendarForm;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;

/** The forms of the service-level overview as they are posted, shown again as typed when they are refused. */
final class OverviewForms {
    private OverviewForms() {}

    /** A new calendar: its name and time zone; it opens Monday to Friday, 09:00-18:00, edited on its own page. */
    record NewCalendarFields(String name, String zone) {
        static NewCalendarFields empty() {
            return new NewCalendarFields("", "Europe/Paris");
        }

        CalendarForm form() {
            var week = new EnumMap<DayOfWeek, List<Range>>(DayOfWeek.class);
            for (var d : EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)) {
                week.put(d, List.of(Range.of("09:00", "18:00")));
            }
            return new CalendarForm(name, zone, week);
        }
    }

    /** The calendar of one client's contract (one form a row of the page). */
    record ContractFields(Long organizationId, Long calendarId) {
        /** Both ids, or each missing one beside its field. */
        void check() {
            var problems = new ArrayList<FieldProblem>();
            if (organizationId == null) {
                problems.add(new FieldProblem("organizationId", "required"));
            }
            if (calendarId == null) {
                problems.add(new FieldProblem("calendarId", "required"));
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException("The SLA settings are not valid", problems);
            }
        }
    }
}
