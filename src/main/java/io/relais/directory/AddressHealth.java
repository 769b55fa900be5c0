package io.relais.directory;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * What the mail channel knows about contacts' addresses: those that mail to bounced from. Implemented by
 * the mail module, so that contact and ticket screens can warn without depending on it.
 */
public interface AddressHealth {

    /** The bounced ones among {@code addresses}, keyed by the address in lower case. */
    Map<String, Bounce> bounces(Collection<String> addresses);

    /** Forgets that an address bounced (the customer fixed their mailbox); automatic mail goes to it again. */
    boolean clear(String address);

    record Bounce(String address, String reason, int count, Instant lastAt) {}
}
