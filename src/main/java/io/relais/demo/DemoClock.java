package io.relais.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The demo profile's clock: the system clock, except while the demo desk is being seeded, when
 * the seeder sets it back in time so that tickets get a believable history through the real
 * services (the timeline stays append-only: nothing is rewritten afterwards).
 */
@Component
@Primary
@Profile("demo")
class DemoClock extends Clock {
    private final Clock system = Clock.systemUTC();
    private volatile Instant fixed;

    void set(Instant instant) {
        fixed = instant;
    }

    void release() {
        fixed = null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return system.withZone(zone);
    }

    @Override
    public Instant instant() {
        var f = fixed;
        return f != null ? f : system.instant();
    }
}
