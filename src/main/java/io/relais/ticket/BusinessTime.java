package io.relais.ticket;

import java.time.Duration;
import java.time.Instant;

/**
 * Business time as the service-level module counts it (the calendar of the organization's contract),
 * for screens of this module that show SLA due instants. Without an implementation, wall time.
 */
public interface BusinessTime {
    /** The business time between two instants in the organization's calendar (negative when {@code to} is before {@code from}). */
    Duration between(long organizationId, Instant from, Instant to);
}
