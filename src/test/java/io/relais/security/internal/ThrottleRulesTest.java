package io.relais.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.security.internal.ThrottleRules.Counter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The waits of the login throttle, with the default settings, on a fixed instant. */
class ThrottleRulesTest {
    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
    private final ThrottleRules rules = new ThrottleRules(5, Duration.ofMinutes(5), 10, Duration.ofSeconds(30),
            Duration.ofMinutes(15), Duration.ofHours(1));

    @Test
    void anAccountWaitsAfterItsFreeFailuresTwiceAsLongEachTimeUpToTheCap() {
        assertThat(rules.accountOpensAt(new Counter(9, T))).isNull();
        assertThat(rules.accountOpensAt(new Counter(10, T))).isEqualTo(T.plusSeconds(30));
        assertThat(rules.accountOpensAt(new Counter(11, T))).isEqualTo(T.plusSeconds(60));
        assertThat(rules.accountOpensAt(new Counter(14, T))).isEqualTo(T.plusSeconds(480));
        assertThat(rules.accountOpensAt(new Counter(15, T))).isEqualTo(T.plus(Duration.ofMinutes(15)));
        assertThat(rules.accountOpensAt(new Counter(5_000, T))).isEqualTo(T.plus(Duration.ofMinutes(15)));
    }

    @Test
    void anAddressIsLockedOutAfterItsFailuresUntilTheLockoutEnds() {
        assertThat(rules.pairOpensAt(new Counter(4, T))).isNull();
        assertThat(rules.pairOpensAt(new Counter(5, T))).isEqualTo(T.plus(Duration.ofMinutes(5)));
        assertThat(rules.pairAt(new Counter(5, T), T.plus(Duration.ofMinutes(4)))).isEqualTo(new Counter(5, T));
        assertThat(rules.pairAt(new Counter(5, T), T.plus(Duration.ofMinutes(5)))).isEqualTo(Counter.NONE);
    }

    @Test
    void anAccountsFailuresAreForgottenAnHourAfterTheLast() {
        assertThat(rules.accountAt(new Counter(30, T), T.plus(Duration.ofMinutes(59)))).isEqualTo(new Counter(30, T));
        assertThat(rules.accountAt(new Counter(30, T), T.plus(Duration.ofHours(1)))).isEqualTo(Counter.NONE);
        assertThat(rules.longestMemory()).isEqualTo(Duration.ofHours(1));
    }
}
