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

    /**
     * For a narrow column whose header says what the moment is ("Updated"): "12 min", "3 h", "5 d", then
     * the date ("2 Nov 25"); no "ago".
     */
    public String relativeShort(Instant at, Locale locale) {
        if (at == null) {
            return "";
        }
        var fr = "fr".equals(locale.getLanguage());
        var d = Duration.between(at, clock.instant()).abs();
        if (d.toMinutes() < 1) {
            return fr ? "à l'instant" : "just now";
        } else if (d.toHours() < 1) {
            return d.toMinutes() + " min";
        } else if (d.toDays() < 1) {
            return d.toHours() + " h";
        } else if (d.toDays() < 60) {
            return d.toDays() + (fr ? " j" : " d");
        }
        return DateTimeFormatter.ofPattern("d MMM yy", locale).format(at.atZone(zone));
    }

    public String exact(Instant at, Locale locale) {
        if (at == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                .format(at.atZone(zone));
    }

    /** Weekday, date and time in the given zone (a calendar's), e.g. "Mon 24 Nov 08:00". */
    public String exactIn(Instant at, java.time.ZoneId in, Locale locale) {
        if (at == null) {
            return "";
        }
        return DateTimeFormatter.ofPattern("EEE d MMM HH:mm", locale == null ? Locale.ENGLISH : locale).format(at.atZone(in));
    }

    /** "Sat 14 Nov 14:13 → 19:46", the end's date only when it is another day; in the given zone. */
    public String range(Instant from, Instant to, java.time.ZoneId in, Locale locale) {
        if (from == null || to == null) {
            return "";
        }
        var a = from.atZone(in);
        var b = to.atZone(in);
        var end = a.toLocalDate().equals(b.toLocalDate()) ? DateTimeFormatter.ofPattern("HH:mm").format(b)
                : exactIn(to, in, locale);
        return exactIn(from, in, locale) + " → " + end;
    }

    /** Like {@link #span}, for narrow columns: whole days only from two days on ("27 d"). */
    public String spanShort(java.time.Duration d, Locale locale) {
        if (d != null && Math.abs(d.toHours()) >= 48) {
            return Math.abs(d.toDays()) + (locale != null && "fr".equals(locale.getLanguage()) ? " j" : " d");
        }
        return span(d, locale);
    }

    /** A duration as forms show it: "45m", "4h", "1h30", "2d"; empty for none. */
    public String shortDuration(java.time.Duration d) {
        if (d == null) {
            return "";
        }
        long m = d.toMinutes();
        if (m > 0 && m % (24 * 60) == 0) {
            return m / (24 * 60) + "d";
        }
        if (m < 60) {
            return m + "m";
        }
        return m / 60 + "h" + (m % 60 == 0 ? "" : String.format("%02d", m % 60));
    }

    public String spanBetween(Instant from, Instant to, Locale locale) {
        return from == null || to == null ? "" : span(java.time.Duration.between(from, to), locale);
    }

    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    /** A span of (business) time, short: "< 1 min", "25 min", "1 h 20", "3 d 4 h" ("j" in French). Sign ignored. */
    public String span(java.time.Duration d, Locale locale) {
        if (d == null) {
            return "";
        }
        long minutes = Math.abs(d.toMinutes());
        if (minutes < 1) {
            return "< 1 min";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + " h" + (minutes % 60 == 0 ? "" : " " + String.format("%02d", minutes % 60));
        }
        var day = locale != null && "fr".equals(locale.getLanguage()) ? " j" : " d";
        return hours / 24 + day + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
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
