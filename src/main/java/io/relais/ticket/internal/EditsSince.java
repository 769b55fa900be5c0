package io.relais.ticket.internal;

import io.relais.ticket.Change;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What others changed on a ticket since the version an editor saw, field by field: a three-way merge of each
 * field the editor sends. A field nobody changed meanwhile takes the editor's value; a field changed meanwhile
 * keeps the other person's value when the editor left it as they saw it (or chose the same), and is a conflict
 * only when the editor set it to something else. Replies, notes, links and SLA alerts never conflict.
 */
public final class EditsSince {
    /** The fields an editor sets; derived ones (priority, support level) follow them. */
    private static final Set<Change> FIELDS = EnumSet.of(Change.SUBJECT, Change.STATUS, Change.IMPACT, Change.URGENCY,
            Change.CATEGORY, Change.GROUP, Change.ASSIGNEE, Change.TAGS, Change.REQUESTER);

    private final Map<Change, List<TimelineEntry>> changed = new EnumMap<>(Change.class);
    private final List<TimelineEntry> conflicts = new ArrayList<>();

    /** {@code entries}: the ticket's timeline entries after the editor's version, oldest first. */
    public EditsSince(List<TimelineEntry> entries) {
        for (var e : entries) {
            if (FIELDS.contains(e.change())) {
                changed.computeIfAbsent(e.change(), k -> new ArrayList<>()).add(e);
            }
        }
    }

    /**
     * Whether the editor's value of {@code field} is to be applied. {@code submitted}: the value sent, as the
     * timeline writes it ({@code null}: not sent; {@code ""}: none); {@code current}: the ticket's value now.
     */
    public boolean apply(Change field, String submitted, String current) {
        if (submitted == null) {
            return false;
        }
        var theirs = changed.get(field);
        if (theirs == null) {
            return true;
        }
        var base = theirs.get(0).oldValue();
        if (same(submitted, base) || same(submitted, current)) {
            return false; // left as seen (their change stands), or the same change
        }
        conflicts.addAll(theirs);
        return false;
    }

    /** The other people's changes of the fields the editor set differently, oldest first. */
    public List<TimelineEntry> conflicts() {
        return conflicts.stream().sorted(java.util.Comparator.comparing(TimelineEntry::id)).toList();
    }

    private static boolean same(String a, String b) {
        return Objects.equals(a == null ? "" : a, b == null ? "" : b);
    }
}
