package io.relais.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.relais.sla.internal.HolidayFeed;
import io.relais.sla.internal.HolidayFeed.Holiday;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Holidays read from an iCalendar feed, as public holiday feeds write them. */
class HolidayFeedTest {
    private static byte[] resource(String name) throws Exception {
        try (var in = HolidayFeedTest.class.getResourceAsStream("/sla/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void wholeDayEventsBecomeHolidaysAndWhatAListOfClosedDaysCannotHoldIsListedWithWhy() throws Exception {
        var parsed = HolidayFeed.parse(resource("holidays-fr.ics"));

        assertThat(parsed.holidays()).containsExactly(
                new Holiday(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1), true, "Jour de l'an"),
                new Holiday(LocalDate.of(2026, 4, 6), LocalDate.of(2026, 4, 6), false, "Lundi de Pâques"),
                // the alarm's own summary does not rename the event
                new Holiday(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 1), true, "Fête du Travail"),
                // midnight to midnight written as date-times is a whole day
                new Holiday(LocalDate.of(2026, 5, 14), LocalDate.of(2026, 5, 14), false, "Ascension"),
                // DTEND is exclusive; a folded, escaped summary is read whole
                new Holiday(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 26), false,
                        "Fermeture de fin d'année, du 24 au 26 (pont compris)"),
                new Holiday(LocalDate.of(2026, 7, 3), LocalDate.of(2026, 7, 4), false, "Inventaire annuel"),
                // a yearly rule with an end: its dates one by one
                new Holiday(LocalDate.of(2026, 11, 11), LocalDate.of(2026, 11, 11), false, "Armistice 1918"),
                new Holiday(LocalDate.of(2027, 11, 11), LocalDate.of(2027, 11, 11), false, "Armistice 1918"),
                new Holiday(LocalDate.of(2028, 11, 11), LocalDate.of(2028, 11, 11), false, "Armistice 1918"));
        assertThat(parsed.skipped()).hasSize(3);
        assertThat(parsed.skipped().get(0)).startsWith("Réunion d'équipe").endsWith("a timed event, not whole days");
        assertThat(parsed.skipped().get(1)).startsWith("Astreinte du lundi (2026-01-05)").contains("FREQ=WEEKLY");
        assertThat(parsed.skipped().get(2)).startsWith("Pont du 15 août (annulé)").endsWith("cancelled");
    }

    @Test
    void aFileWithBareLineFeedsAndLatin1IsStillRead() {
        var text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nSUMMARY:Noël\nEND:VEVENT\nEND:VCALENDAR\n";
        var parsed = HolidayFeed.parse(text.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(parsed.holidays()).containsExactly(
                new Holiday(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 25), false, "Noël"));
    }

    @Test
    void brokenEventsAreSkippedNotFatalAndAFileThatIsNotACalendarIsRefused() {
        var text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026-13-45\r\nSUMMARY:Bad\r\nEND:VEVENT\r\n"
                + "BEGIN:VEVENT\r\nSUMMARY:No start\r\nEND:VEVENT\r\n"
                + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260714\r\nSUMMARY:Fête nationale\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        var parsed = HolidayFeed.parse(text.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.holidays()).extracting(Holiday::name).containsExactly("Fête nationale");
        assertThat(parsed.skipped()).containsExactly("Bad (2026-13-45): unreadable dates", "No start: no start date");

        assertThatThrownBy(() -> HolidayFeed.parse("<html>not found</html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(HolidayFeed.Unreadable.class).hasMessageContaining("not an iCalendar file");
        assertThatThrownBy(() -> HolidayFeed.parse(new byte[HolidayFeed.MAX_BYTES + 1]))
                .isInstanceOf(HolidayFeed.Unreadable.class).hasMessageContaining("larger than");
    }

    @Test
    void aPropertyWithTwentyThousandQuotedParametersIsRead() {
        var text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY" + ";X-A=\"\"".repeat(20_000)
                + ":Noël\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        var parsed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> HolidayFeed.parse(text.getBytes(StandardCharsets.UTF_8)));

        assertThat(parsed.holidays()).extracting(Holiday::name).containsExactly("Noël");
    }
}
