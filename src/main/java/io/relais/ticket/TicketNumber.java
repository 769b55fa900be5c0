package io.relais.ticket;

import com.fasterxml.jackson.annotation.JsonValue;

/** The human number of a ticket, shown as {@code #1042} and used in mail subjects. */
public record TicketNumber(@JsonValue long value) {
    public TicketNumber {
        if (value <= 0) {
            throw new IllegalArgumentException("ticket numbers are positive");
        }
    }

    /** Accepts "1042" or "#1042". */
    public static TicketNumber parse(String text) {
        var t = text.trim();
        return new TicketNumber(Long.parseLong(t.startsWith("#") ? t.substring(1) : t));
    }

    @Override
    public String toString() {
        return "#" + value;
    }
}
