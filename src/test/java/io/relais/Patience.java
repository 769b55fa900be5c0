package io.relais;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * Waiting for what happens in the background (a job, a delivery, an index rewrite): on a condition, polled
 * often, with one generous bound against a hang. A fixed sleep either wastes time or, on a slow machine, is
 * too short; a short budget fails a correct build. The bound is no performance claim.
 */
public final class Patience {
    /** How long a background step may take on a loaded machine before the test calls it hung. */
    public static final Duration PATIENCE = Duration.ofSeconds(90);

    private Patience() {}

    /** The value of {@code read} once it satisfies {@code done} (polled every 50 ms), or a timeout failure naming {@code what}. */
    public static <T> T until(String what, Callable<T> read, Predicate<? super T> done) {
        return Awaitility.await(what).atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(read, done::test);
    }
}
