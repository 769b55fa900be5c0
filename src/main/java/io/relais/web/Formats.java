package io.relais.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Dates for people: "12 min" with the exact local time on hover ({@code ${@fmt...}} in templates). */
@Component("fmt")
public class Formats {
    private final Clock clock;
    private final ZoneId zone;

    Formats(Clock clock, @Value("${relais.display-zone:Europe/Paris}") String zone) {
        this.clock = clock;
        this.zone = ZoneId.of(zone);
    }

    public String relative(Instant at, Locale locale) {
        if (at == null) {
            return "";
        }
        var fr = "fr".equals(locale.getLanguage());
        var d = Duration.between(at, clock.instant());
        var future = d.isNegative();
        d = d.abs();
        String amount;
        if (d.toMinutes() < 1) {
            return fr ? "à l'instant" : "just now";
        } else if (d.toHours() < 1) {
            amount = d.toMinutes() + " min";
        } else if (d.toDays() < 1) {
            amount = d.toHours() + " h";
        } else if (d.toDays() < 60) {
            amount = d.toDays() + (fr ? " j" : " d");
        } else {
            return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(at.atZone(zone));
        }
        if (future) {
            return fr ? "dans " + amount : "in " + amount;
        }
        return fr ? "il y a " + amount : amount + " ago";
    }

    public String exact(Instant at, Locale locale) {
        if (at == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                .format(at.atZone(zone));
    }

    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    public String duration(Integer seconds) {
        if (seconds == null) {
            return "";
        }
        return seconds >= 60 ? (seconds / 60) + " min " + (seconds % 60) + " s" : seconds + " s";
    }

    public String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return (bytes / 1024) + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
