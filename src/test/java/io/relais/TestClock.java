package io.relais;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock in the integration tests: the real time unless a test pins it, so that a test can
 * put a ticket's changes at chosen instants (a Friday evening before a DST change, a holiday) and move time
 * on without waiting. A test that pins the clock releases it in a {@code finally}: the context is shared.
 */
public final class TestClock extends Clock {
    private volatile Instant pinned;

    /** Stops time at {@code at}. */
    public void pin(Instant at) {
        pinned = at;
    }

    /** Moves a pinned clock on. */
    public void advance(Duration by) {
        var at = pinned;
        if (at == null) {
            throw new IllegalStateException("advance a pinned clock only");
        }
        pinned = at.plus(by);
    }

    /** Back to the real time. */
    public void release() {
        pinned = null;
    }

    @Override
    public Instant instant() {
        var at = pinned;
        return at != null ? at : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new Zoned(this, zone);
    }

    /** The same instants in another zone (what {@link Clock#withZone} promises). */
    private static final class Zoned extends Clock {
        private final TestClock clock;
        private final ZoneId zone;

        Zoned(TestClock clock, ZoneId zone) {
            this.clock = clock;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new Zoned(clock, z);
        }

        @Override
        public Instant instant() {
            return clock.instant();
        }
    }

    /** Takes the place of the application's clock (the bean of {@code TimeConfig}). */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}
