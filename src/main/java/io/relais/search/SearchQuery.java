package io.relais.search;

import io.relais.common.InvalidInputException;
import io.relais.common.Letters;
import io.relais.ticket.Status;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Priority;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a person typed in the search box: words and phrases, and field filters such as
 * {@code status:open org:acme priority:p1 printer "paper jam"}. Unknown fields stay words, so a
 * time like {@code 10:30} or a URL still searches as text.
 *
 * <p>Fields: {@code subject:} (words or a "phrase" of the subject only), {@code status:} (new, open, pending, resolved, closed — several with commas),
 * {@code priority:} (p1…p4), {@code channel:}, {@code org:} (a name or its start), {@code category:},
 * {@code group:}, {@code tag:}, {@code assignee:} (me, none), {@code requester:} (e-mail or name),
 * {@code created:} (7d, 30d, 12m, &gt;2026-01-31, &lt;2026-01-31), {@code is:} (mine, unassigned, open).
 */
public record SearchQuery(String text, String subject, Set<Status> statuses, Set<Priority> priorities, Set<Channel> channels,
                          List<String> organizations, List<String> categories, List<String> groups, List<String> tags,
                          String assignee, String requester, Instant createdFrom, Instant createdTo) {

    public static final int MAX_LENGTH = 500;
    static final Set<String> FIELDS = Set.of("subject", "status", "priority", "channel", "org", "category", "group", "tag",
            "assignee", "requester", "created", "is");

    public boolean isEmpty() {
        return text.isBlank() && subject.isBlank() && statuses.isEmpty() && priorities.isEmpty() && channels.isEmpty() && organizations.isEmpty()
                && categories.isEmpty() && groups.isEmpty() && tags.isEmpty() && assignee == null && requester == null
                && createdFrom == null && createdTo == null;
    }

    public static SearchQuery parse(String input, Instant now) {
        if (input == null) {
            input = "";
        }
        if (input.length() > MAX_LENGTH) {
            throw InvalidInputException.field("q", "a search is at most " + MAX_LENGTH + " characters");
        }
        var text = new StringBuilder();
        var subject = new StringBuilder();
        var statuses = EnumSet.noneOf(Status.class);
        var priorities = EnumSet.noneOf(Priority.class);
        var channels = EnumSet.noneOf(Channel.class);
        var orgs = new ArrayList<String>();
        var categories = new ArrayList<String>();
        var groups = new ArrayList<String>();
        var tags = new ArrayList<String>();
        String assignee = null;
        String requester = null;
        Instant from = null;
        Instant to = null;
        for (var token : tokens(input)) {
            int colon = token.indexOf(':');
            var key = colon > 0 ? Letters.lower(token.substring(0, colon)) : "";
            var value = colon > 0 ? unquote(token.substring(colon + 1)) : "";
            if (!FIELDS.contains(key) || value.isBlank()) {
                text.append(text.isEmpty() ? "" : " ").append(token);
                continue;
            }
            switch (key) {
                case "subject" -> subject.append(subject.isEmpty() ? "" : " ").append(token.substring(colon + 1));
                case "status" -> {
                    for (var v : value.split(",")) {
                        statuses.addAll(statuses(v));
                    }
                }
                case "priority" -> {
                    for (var v : value.split(",")) {
                        priorities.add(named(Priority.class, v, "priority"));
                    }
                }
                case "channel" -> {
                    for (var v : value.split(",")) {
                        channels.add(named(Channel.class, v, "channel"));
                    }
                }
                case "org" -> orgs.add(value);
                case "category" -> categories.add(value);
                case "group" -> groups.add(value);
                case "tag" -> tags.add(Letters.lower(value));
                case "assignee" -> assignee = Letters.lower(value);
                case "requester" -> requester = value;
                case "is" -> {
                    switch (Letters.lower(value)) {
                        case "mine" -> assignee = "me";
                        case "unassigned" -> assignee = "none";
                        case "open" -> statuses.addAll(EnumSet.of(Status.NEW, Status.OPEN, Status.PENDING_CUSTOMER,
                                Status.PENDING_THIRD_PARTY));
                        default -> throw InvalidInputException.field("q", "is: takes mine, unassigned or open");
                    }
                }
                case "created" -> {
                    var v = Letters.lower(value);
                    if (v.startsWith(">")) {
                        from = day(v.substring(1));
                    } else if (v.startsWith("<")) {
                        to = day(v.substring(1));
                    } else {
                        from = now.minus(period(v));
                    }
                }
                default -> throw new IllegalStateException(key);
            }
        }
        return new SearchQuery(text.toString().trim(), subject.toString().trim(), statuses, priorities, channels, orgs, categories, groups, tags,
                assignee, requester, from, to);
    }

    /** Splits on spaces, keeping quoted phrases (also after a field name: {@code org:"Acme Corp"}) together. */
    static List<String> tokens(String input) {
        var out = new ArrayList<String>();
        var current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (Character.isWhitespace(c) && !quoted) {
                if (!current.isEmpty()) {
                    out.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            out.add(quoted ? current.append('"').toString() : current.toString());
        }
        return out;
    }

    private static String unquote(String value) {
        var v = value.trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1).trim() : v;
    }

    private static Set<Status> statuses(String value) {
        var v = Letters.lower(value.trim());
        if (v.equals("pending")) {
            return EnumSet.of(Status.PENDING_CUSTOMER, Status.PENDING_THIRD_PARTY);
        }
        return EnumSet.of(named(Status.class, v, "status"));
    }

    private static <E extends Enum<E>> E named(Class<E> type, String value, String field) {
        var v = Letters.upper(value.trim()).replace('-', '_');
        for (var e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        throw InvalidInputException.field("q", field + ": does not know \"" + value.trim() + "\"");
    }

    private static Instant day(String value) {
        try {
            return LocalDate.parse(value.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidInputException.field("q", "created: takes a date as 2026-01-31");
        }
    }

    private static Duration period(String value) {
        var m = java.util.regex.Pattern.compile("(\\d{1,4})([dwmy])").matcher(value);
        if (!m.matches()) {
            throw InvalidInputException.field("q", "created: takes 7d, 4w, 12m, 1y or a date");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            case "m" -> Duration.ofDays(30 * n);
            default -> Duration.ofDays(365 * n);
        };
    }
}
