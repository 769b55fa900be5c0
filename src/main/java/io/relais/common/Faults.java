package io.relais.common;

import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Named points where a crash would hurt most (after a commit, before the acknowledgement that
 * follows it). In production nothing happens there; the crash-safety tests install a handler that
 * throws {@link SimulatedCrash} at a chosen point, and the code around it must then behave as if the
 * process had died: leave everything as it is, and recover on the next run.
 */
@Component
public class Faults {
    private volatile Consumer<String> handler;

    public void at(String point) {
        var h = handler;
        if (h != null) {
            h.accept(point);
        }
    }

    /** Tests only. */
    public void install(Consumer<String> handler) {
        this.handler = handler;
    }

    /** Thrown by a test's handler; code that catches errors must let it through untouched. */
    public static final class SimulatedCrash extends RuntimeException {
        public SimulatedCrash(String point) {
            super("simulated crash at " + point, null, false, false);
        }
    }
}
