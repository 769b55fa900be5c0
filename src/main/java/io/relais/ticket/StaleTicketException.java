package io.relais.ticket;

import io.relais.common.ConflictException;
import io.relais.ticket.TicketViews.TimelineView;
import java.util.List;

/** A change was made on a stale copy of the ticket: carries what others changed since that copy. */
public class StaleTicketException extends ConflictException {
    private final transient List<TimelineView> since;
    private final long currentVersion;

    public StaleTicketException(long currentVersion, List<TimelineView> since) {
        super("The ticket was changed by someone else since you opened it",
                since.stream().map(t -> t.actorName() + ": " + t.change()
                        + (t.oldValue() != null || t.newValue() != null ? " " + t.oldValue() + " -> " + t.newValue() : "")).toList());
        this.since = List.copyOf(since);
        this.currentVersion = currentVersion;
    }

    public List<TimelineView> since() {
        return since;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
