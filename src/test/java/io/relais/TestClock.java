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
 * A pinned clock stays in the past: what a test writes at a pinned instant stays in the shared database, and
 * the clocks' recompute (run on the real time by other tests) replays every stored change in order — one
 * dated in the future would come after changes written later and turn their clocks wrong. {@link #pin} and
 * {@link #advance} refuse an instant after the real time.
 */
public final class TestClock extends Clock {
    private volatile Instant pinned;

    /** Stops time at {@code at}. */
    public void pin(Instant at) {
        pinned = past(at);
    }

    /** Moves a pinned clock on. */
    public void advance(Duration by) {
        var at = pinned;
        if (at == null) {
            throw new IllegalStateException("advance a pinned clock only");
        }
        pinned = past(at.plus(by));
    }

    private static Instant past(Instant at) {
        if (at.isAfter(Instant.now())) {
            throw new IllegalArgumentException("a pinned clock stays in the past (see TestClock): " + at);
        }
        return at;
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
