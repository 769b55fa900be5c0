package io.relais.ticket.internal;

import io.relais.ticket.Change;

/** One change a ticket command made, before it is written to the timeline. */
public record FieldChange(Change change, String oldValue, String newValue, Long articleId) {
    public static FieldChange of(Change change, Object oldValue, Object newValue) {
        return new FieldChange(change, str(oldValue), str(newValue), null);
    }

    private static String str(Object o) {
        if (o == null) {
            return null;
        }
        var s = String.valueOf(o);
        return s.length() > 1000 ? s.substring(0, 1000) : s;
    }
}
