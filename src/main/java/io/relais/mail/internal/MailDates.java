package io.relais.mail.internal;

import jakarta.mail.internet.MailDateFormat;
import java.text.ParsePosition;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** The dates of archived mail: a Date header, an mbox separator line. Anything implausible is no date. */
final class MailDates {
    /** Nothing older is a real support mail; a date after "now" is a wrong clock. */
    private static final Instant EARLIEST = Instant.parse("1980-01-01T00:00:00Z");
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private MailDates() {}

    /** The instant of an RFC 5322 Date header (read leniently: comments, missing seconds, odd zones). */
    static Optional<Instant> of(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            var parsed = new MailDateFormat().parse(header.strip(), new ParsePosition(0));
            return parsed == null ? Optional.empty() : plausible(parsed.toInstant(), now);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The date of an mbox separator ({@code From sender Thu Nov 24 10:15:00 2026}), in UTC as mbox writers use. */
    static Optional<Instant> ofSeparator(String line, Instant now) {
        var parts = line.strip().split("\\s+");
        if (parts.length < 7) {
            return Optional.empty();
        }
        var n = parts.length;
        var text = String.join(" ", parts[n - 5], parts[n - 4], parts[n - 3], parts[n - 2], parts[n - 1]);
        try {
            return plausible(ZonedDateTime.parse(text, ASCTIME).toInstant(), now);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> plausible(Instant at, Instant now) {
        return at.isBefore(EARLIEST) || at.isAfter(now.plusSeconds(86_400)) ? Optional.empty() : Optional.of(at);
    }
}
