package io.relais.security.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * When the next password attempt may be made, from the failures counted so far. Two counters per attempt:
 * <ul>
 *   <li>one login from one address: after {@code pairFailures} failures that pair waits {@code pairLockout}
 *       (it locks only the address that failed);</li>
 *   <li>one login from every address: after {@code accountFreeFailures} failures each further attempt waits
 *       {@code accountDelay} after the last failure, doubled at every further failure up to {@code accountMaxDelay}.
 *       A progressive delay, never a lock-out: an attacker slows guessing down, and cannot keep the real person
 *       out, whose right password works once the delay has passed. Forgotten {@code accountForget} after the last
 *       failure.</li>
 * </ul>
 * Attempts refused for waiting are not counted, and a success forgets both counters.
 */
record ThrottleRules(int pairFailures, Duration pairLockout, int accountFreeFailures, Duration accountDelay,
                     Duration accountMaxDelay, Duration accountForget) {

    /** Failures counted for one subject, and the last one (null: none). */
    record Counter(int failures, Instant lastFailure) {
        static final Counter NONE = new Counter(0, null);

        Counter failedAt(Instant now) {
            return new Counter(failures + 1, now);
        }
    }

    /** The pair's counter as it stands at {@code now}: forgotten once its lockout is over. */
    Counter pairAt(Counter c, Instant now) {
        return c.lastFailure() != null && !now.isBefore(c.lastFailure().plus(pairLockout)) ? Counter.NONE : c;
    }

    Counter accountAt(Counter c, Instant now) {
        return c.lastFailure() != null && !now.isBefore(c.lastFailure().plus(accountForget)) ? Counter.NONE : c;
    }

    /** The first instant at which this login may be tried from this address (null: now). */
    Instant pairOpensAt(Counter pair) {
        return pair.failures() < pairFailures ? null : pair.lastFailure().plus(pairLockout);
    }

    Instant accountOpensAt(Counter account) {
        return account.failures() < accountFreeFailures ? null
                : account.lastFailure().plus(accountDelay(account.failures() - accountFreeFailures));
    }

    /** The wait after the {@code extra}-th failure past the free ones (0: the first). */
    Duration accountDelay(int extra) {
        if (extra >= 30) {
            return accountMaxDelay;
        }
        var delay = accountDelay.multipliedBy(1L << extra);
        return delay.compareTo(accountMaxDelay) > 0 ? accountMaxDelay : delay;
    }

    /** How long rows are kept: past this, no counter still holds anything back. */
    Duration longestMemory() {
        var longest = pairLockout.compareTo(accountForget) > 0 ? pairLockout : accountForget;
        return longest.compareTo(accountMaxDelay) > 0 ? longest : accountMaxDelay;
    }
}
