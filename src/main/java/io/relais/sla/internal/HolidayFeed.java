package io.relais.sla.internal;

import io.relais.common.Letters;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the holidays of an iCalendar file (RFC 5545), as public holiday feeds publish them: each
 * whole-day event (one day or several) becomes a holiday named after its summary; a yearly
 * recurrence ({@code RRULE:FREQ=YEARLY}) becomes a yearly holiday, or its dates one by one when the
 * rule has an end. What a list of closed days cannot hold is skipped with the reason: timed events
 * (a meeting, not a closed day), other recurrences, cancelled events, changes to one occurrence.
 */
public final class HolidayFeed {
    /** Files larger than this are refused before reading. */
    public static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_EVENTS = 5000;
    private static final int MAX_EXPANDED = 100;
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT);

    private HolidayFeed() {}

    /** A closed day or range of days ({@code to} included). */
    public record Holiday(LocalDate from, LocalDate to, boolean yearly, String name) {}

    /** What was read: the holidays, and each event left aside with why. */
    public record Parsed(List<Holiday> holidays, List<String> skipped) {}

    /** A file that is not an iCalendar file at all. */
    public static class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }

    public static Parsed parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new Unreadable("the file is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        var lines = unfold(decode(bytes));
        if (lines.stream().noneMatch(l -> l.equalsIgnoreCase("BEGIN:VCALENDAR"))) {
            throw new Unreadable("not an iCalendar file (no BEGIN:VCALENDAR)");
        }
        var holidays = new LinkedHashSet<Holiday>();
        var skipped = new ArrayList<String>();
        Map<String, Property> event = null;
        int depth = 0;
        int events = 0;
        for (var line : lines) {
            if (line.isBlank()) {
                continue;
            }
            var p = Property.of(line);
            if (p == null) {
                continue;
            }
            if (p.name.equals("BEGIN")) {
                if (event != null) {
                    depth++;
                } else if (p.value.equalsIgnoreCase("VEVENT")) {
                    if (++events > MAX_EVENTS) {
                        throw new Unreadable("more than " + MAX_EVENTS + " events");
                    }
                    event = new HashMap<>();
                    depth = 0;
                }
            } else if (p.name.equals("END")) {
                if (event != null && depth > 0) {
                    depth--;
                } else if (event != null && p.value.equalsIgnoreCase("VEVENT")) {
                    read(event, holidays, skipped);
                    event = null;
                }
            } else if (event != null && depth == 0) {
                event.putIfAbsent(p.name, p);
            }
        }
        return new Parsed(List.copyOf(holidays), List.copyOf(skipped));
    }

    private static void read(Map<String, Property> event, LinkedHashSet<Holiday> holidays, List<String> skipped) {
        var summary = event.get("SUMMARY");
        var name = summary == null || text(summary.value).isBlank() ? "Holiday" : text(summary.value).trim();
        if (name.length() > 200) {
            name = name.substring(0, 200);
        }
        var start = event.get("DTSTART");
        if (start == null) {
            skipped.add(name + ": no start date");
            return;
        }
        var label = name + " (" + start.value + ")";
        if (event.containsKey("RECURRENCE-ID")) {
            skipped.add(label + ": changes one occurrence of another event");
            return;
        }
        var status = event.get("STATUS");
        if (status != null && status.value.equalsIgnoreCase("CANCELLED")) {
            skipped.add(label + ": cancelled");
            return;
        }
        LocalDate from;
        LocalDate to;
        try {
            var days = days(start, event.get("DTEND"), event.get("DURATION"));
            if (days == null) {
                skipped.add(label + ": a timed event, not whole days");
                return;
            }
            from = days[0];
            to = days[1];
        } catch (RuntimeException e) {
            skipped.add(label + ": unreadable dates");
            return;
        }
        label = name + " (" + from + ")";
        var rule = event.get("RRULE");
        if (rule == null) {
            holidays.add(new Holiday(from, to, false, name));
            return;
        }
        var parts = new HashMap<String, String>();
        for (var part : rule.value.split(";")) {
            var eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(upper(part.substring(0, eq)), part.substring(eq + 1).trim());
            }
        }
        var interval = parts.getOrDefault("INTERVAL", "1");
        var byMonth = parts.get("BYMONTH");
        var byMonthDay = parts.get("BYMONTHDAY");
        boolean plainYearly = "YEARLY".equalsIgnoreCase(parts.get("FREQ")) && interval.equals("1")
                && (byMonth == null || byMonth.equals(String.valueOf(from.getMonthValue())))
                && (byMonthDay == null || byMonthDay.equals(String.valueOf(from.getDayOfMonth())))
                && parts.keySet().stream().allMatch(k -> k.equals("FREQ") || k.equals("INTERVAL") || k.equals("BYMONTH")
                        || k.equals("BYMONTHDAY") || k.equals("COUNT") || k.equals("UNTIL") || k.equals("WKST"));
        if (!plainYearly) {
            skipped.add(label + ": repeats as " + rule.value + ", which a list of closed days cannot hold");
            return;
        }
        if (!parts.containsKey("COUNT") && !parts.containsKey("UNTIL")) {
            holidays.add(new Holiday(from, to, true, name));
            return;
        }
        try {
            int count = parts.containsKey("COUNT") ? Integer.parseInt(parts.get("COUNT")) : MAX_EXPANDED;
            var until = parts.containsKey("UNTIL") ? LocalDate.parse(parts.get("UNTIL").substring(0, 8), DATE) : null;
            var span = Period.between(from, to);
            for (int i = 0; i < Math.min(count, MAX_EXPANDED); i++) {
                var day = from.plusYears(i);
                if (until != null && day.isAfter(until)) {
                    break;
                }
                holidays.add(new Holiday(day, day.plus(span), false, name));
            }
        } catch (RuntimeException e) {
            skipped.add(label + ": unreadable recurrence " + rule.value);
        }
    }

    /** The first and last closed day, or null for a timed event that does not cover whole days. */
    private static LocalDate[] days(Property start, Property end, Property duration) {
        boolean dateOnly = "DATE".equalsIgnoreCase(start.params.get("VALUE")) || start.value.length() == 8;
        if (dateOnly) {
            var from = LocalDate.parse(start.value.substring(0, 8), DATE);
            var to = from;
            if (end != null) {
                var last = LocalDate.parse(end.value.substring(0, 8), DATE).minusDays(1);
                to = last.isBefore(from) ? from : last;
            } else if (duration != null) {
                var days = wholeDays(duration.value);
                to = days == null || days < 1 ? from : from.plusDays(days - 1);
            }
            return checked(from, to);
        }
        // a date-time: whole days only when it runs from midnight to midnight (some feeds write days this way)
        var from = LocalDateTime.parse(start.value.substring(0, 15), DATE_TIME);
        LocalDateTime until;
        if (end != null) {
            until = LocalDateTime.parse(end.value.substring(0, 15), DATE_TIME);
        } else if (duration != null && wholeDays(duration.value) != null) {
            until = from.plusDays(wholeDays(duration.value));
        } else {
            return null;
        }
        if (!from.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) || !until.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
                || !until.isAfter(from)) {
            return null;
        }
        return checked(from.toLocalDate(), until.toLocalDate().minusDays(1));
    }

    private static LocalDate[] checked(LocalDate from, LocalDate to) {
        if (from.getYear() < 1900 || to.getYear() > 2200 || to.isAfter(from.plusDays(366))) {
            throw new DateTimeParseException("out of range", from.toString(), 0);
        }
        return new LocalDate[] {from, to};
    }

    /** "P1D", "P2W", "P1DT0H0M0S" as whole days; null for anything with hours that count. */
    private static Integer wholeDays(String value) {
        var m = java.util.regex.Pattern.compile("P(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:0+H)?(?:0+M)?(?:0+S)?)?")
                .matcher(upper(value));
        if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
            return null;
        }
        return (m.group(1) == null ? 0 : Integer.parseInt(m.group(1)) * 7) + (m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }

    private static String decode(byte[] bytes) {
        int offset = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
        } catch (CharacterCodingException e) {
            // not UTF-8 as the standard requires: read it as Latin-1 rather than lose the names
            return new String(bytes, offset, bytes.length - offset, StandardCharsets.ISO_8859_1);
        }
    }

    /** Content lines with their folding undone (a line starting with a space or tab continues the previous one). */
    static List<String> unfold(String text) {
        var lines = new ArrayList<String>();
        var current = new StringBuilder();
        for (var raw : text.split("\r\n|\n|\r", -1)) {
            if (!raw.isEmpty() && (raw.charAt(0) == ' ' || raw.charAt(0) == '\t') && current.length() > 0) {
                current.append(raw, 1, raw.length());
                continue;
            }
            if (current.length() > 0) {
                lines.add(current.toString());
            }
            current = new StringBuilder(raw);
        }
        if (current.length() > 0) {
            lines.add(current.toString());
        }
        return lines;
    }

    /** Names and keywords (ASCII in the standard) in upper case, trimmed. */
    static String upper(String s) {
        return Letters.upper(s.trim());
    }

    /** A TEXT value with its escapes undone. */
    static String text(String value) {
        var out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char n = value.charAt(++i);
                out.append(n == 'n' || n == 'N' ? ' ' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** One content line: NAME;PARAM=VALUE;…:VALUE (parameter values may be quoted and hold ':' or ';'). */
    record Property(String name, Map<String, String> params, String value) {
        static Property of(String line) {
            int i = 0;
            boolean quoted = false;
            int colon = -1;
            for (; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ':' && !quoted) {
                    colon = i;
                    break;
                }
            }
            if (colon < 1) {
                return null;
            }
            var head = parts(line.substring(0, colon));
            var params = new HashMap<String, String>();
            for (int k = 1; k < head.size(); k++) {
                var eq = head.get(k).indexOf('=');
                if (eq > 0) {
                    params.put(upper(head.get(k).substring(0, eq)), head.get(k).substring(eq + 1).replace("\"", ""));
                }
            }
            return new Property(upper(head.get(0)), params, line.substring(colon + 1).trim());
        }

        /**
         * NAME;PARAM=VALUE;… split on the semicolons outside quotes, in one pass (a look-ahead over the rest of the
         * line for each semicolon was quadratic, and recursed once per quoted pair: it overflowed the stack).
         */
        private static List<String> parts(String head) {
            var parts = new ArrayList<String>();
            boolean quoted = false;
            int start = 0;
            for (int i = 0; i < head.length(); i++) {
                char c = head.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ';' && !quoted) {
                    parts.add(head.substring(start, i));
                    start = i + 1;
                }
            }
            parts.add(head.substring(start));
            return parts;
        }
    }
}
