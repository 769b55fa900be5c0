package io.relais.common;

import java.util.List;

/**
 * The change was based on a stale version, or contradicts the current state (409). Carries what
 * changed meanwhile so that the person can decide instead of silently overwriting.
 */
public class ConflictException extends RuntimeException {
    private final List<String> changesSince;

    public ConflictException(String message, List<String> changesSince) {
        super(message);
        this.changesSince = List.copyOf(changesSince);
    }

    public ConflictException(String message) {
        this(message, List.of());
    }

    public List<String> changesSince() {
        return changesSince;
    }
}
