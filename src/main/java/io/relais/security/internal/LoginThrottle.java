package io.relais.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after {@code max-failures} failed logins for one login name from
 * one address, that pair is refused for {@code lockout}, even with the right password. Per node
 * (each node of a cluster counts on its own), which bounds guessing to nodes x max-failures per lockout.
 */
@Component
public class LoginThrottle {
    private static final int MAX_TRACKED = 100_000;

    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

    LoginThrottle(@Value("${relais.login.max-failures:5}") int maxFailures,
                  @Value("${relais.login.lockout:PT5M}") Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    public boolean isLocked(String login, String address) {
        var f = failures.get(key(login, address));
        return f != null && f.count >= maxFailures && clock.instant().isBefore(f.last.plus(lockout));
    }

    public void failed(String login, String address) {
        if (failures.size() > MAX_TRACKED) {
            var cutoff = clock.instant().minus(lockout);
            failures.values().removeIf(f -> f.last.isBefore(cutoff));
        }
        var now = clock.instant();
        failures.compute(key(login, address), (k, f) ->
                f == null || now.isAfter(f.last.plus(lockout)) ? new Failures(1, now) : new Failures(f.count + 1, now));
    }

    public void succeeded(String login, String address) {
        failures.remove(key(login, address));
    }

    private static String key(String login, String address) {
        return (login == null ? "" : login.trim().toLowerCase(Locale.ROOT)) + "|" + address;
    }

    private record Failures(int count, Instant last) {}
}
