package io.relais.ticket;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a ticket stands. Allowed moves are written here once; reopening a closed ticket is further
 * limited by the reopen window (see {@code relais.reopen-window-days}).
 */
public enum Status {
    NEW, OPEN, PENDING_CUSTOMER, PENDING_THIRD_PARTY, RESOLVED, CLOSED;

    public static final Set<Status> ACTIVE = EnumSet.of(NEW, OPEN, PENDING_CUSTOMER, PENDING_THIRD_PARTY);
    public static final Set<Status> PENDING = EnumSet.of(PENDING_CUSTOMER, PENDING_THIRD_PARTY);

    public Set<Status> next() {
        return switch (this) {
            case NEW -> EnumSet.of(OPEN, PENDING_CUSTOMER, PENDING_THIRD_PARTY, RESOLVED);
            case OPEN -> EnumSet.of(PENDING_CUSTOMER, PENDING_THIRD_PARTY, RESOLVED);
            case PENDING_CUSTOMER -> EnumSet.of(OPEN, PENDING_THIRD_PARTY, RESOLVED);
            case PENDING_THIRD_PARTY -> EnumSet.of(OPEN, PENDING_CUSTOMER, RESOLVED);
            case RESOLVED -> EnumSet.of(OPEN, CLOSED);
            case CLOSED -> EnumSet.of(OPEN);
        };
    }

    public boolean canMoveTo(Status target) {
        return next().contains(target);
    }

    public boolean isActive() {
        return ACTIVE.contains(this);
    }
}
