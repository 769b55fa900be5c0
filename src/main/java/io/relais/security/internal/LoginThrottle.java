package io.relais.security.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.relais.common.Letters;
import io.relais.security.internal.ThrottleRules.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Slows down password guessing by the {@link ThrottleRules}, with the counters in the database (table
 * {@code login_throttle}) so that every node of a cluster counts the same failures. An attempt is reserved,
 * checked and counted as a failure in one transaction that locks the two counter rows, before the password is
 * compared: concurrent attempts cannot all pass the check before any of them is counted.
 */
@Component
public class LoginThrottle {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ThrottleRules rules;

    LoginThrottle(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock,
                  @Value("${relais.login.max-failures:5}") int maxFailures,
                  @Value("${relais.login.lockout:PT5M}") Duration lockout,
                  @Value("${relais.login.account-free-failures:10}") int accountFreeFailures,
                  @Value("${relais.login.account-delay:PT30S}") Duration accountDelay,
                  @Value("${relais.login.account-max-delay:PT15M}") Duration accountMaxDelay,
                  @Value("${relais.login.account-forget:PT1H}") Duration accountForget) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.rules = new ThrottleRules(maxFailures, lockout, accountFreeFailures, accountDelay, accountMaxDelay, accountForget);
    }

    /**
     * Reserves one attempt for this login from this address, counted as a failure until {@link #succeeded} says
     * otherwise. Empty: go ahead and compare the password; present: refused, try again after this wait.
     */
    public Optional<Duration> reserve(String login, String address) {
        var account = "a:" + ApiTokenStore.sha256(normal(login));
        var pair = "p:" + ApiTokenStore.sha256(normal(login) + "\n" + address);
        return tx.execute(status -> {
            // always the account row first, then the pair: two attempts never wait for each other in a cycle
            var a = lock(account);
            var p = lock(pair);
            var now = clock.instant();
            a = rules.accountAt(a, now);
            p = rules.pairAt(p, now);
            var opens = later(rules.accountOpensAt(a), rules.pairOpensAt(p));
            if (opens != null && now.isBefore(opens)) {
                return Optional.of(Duration.between(now, opens));
            }
            write(account, a.failedAt(now));
            write(pair, p.failedAt(now));
            return Optional.<Duration>empty();
        });
    }

    /** The password was right: both counters are forgotten. */
    public void succeeded(String login, String address) {
        jdbc.sql("delete from login_throttle where subject in (:subjects)")
                .param("subjects", java.util.List.of("a:" + ApiTokenStore.sha256(normal(login)),
                        "p:" + ApiTokenStore.sha256(normal(login) + "\n" + address)))
                .update();
    }

    /** Deletes the counters that no longer hold anything back. */
    int expire() {
        var cutoff = clock.instant().minus(rules.longestMemory());
        return jdbc.sql("delete from login_throttle where last_failure_at < :cutoff or last_failure_at is null")
                .param("cutoff", cutoff.atOffset(ZoneOffset.UTC)).update();
    }

    private Counter lock(String subject) {
        jdbc.sql("insert into login_throttle (subject, failures) values (:s, 0) on conflict do nothing")
                .param("s", subject).update();
        return jdbc.sql("select failures, last_failure_at from login_throttle where subject = :s for update")
                .param("s", subject)
                .query((rs, n) -> {
                    var last = rs.getObject(2, OffsetDateTime.class);
                    return new Counter(rs.getInt(1), last == null ? null : last.toInstant());
                })
                .single();
    }

    private void write(String subject, Counter c) {
        jdbc.sql("update login_throttle set failures = :f, last_failure_at = :at where subject = :s")
                .param("f", c.failures()).param("at", c.lastFailure().atOffset(ZoneOffset.UTC)).param("s", subject)
                .update();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static String normal(String login) {
        return login == null ? "" : Letters.lower(login.trim());
    }

    @Configuration(proxyBeanMethods = false)
    static class Job {
        @Bean
        RecurringTask<Void> loginThrottleExpiry(LoginThrottle throttle) {
            return Tasks.recurring("login-throttle-expiry", FixedDelay.of(Duration.ofMinutes(10)))
                    .execute((instance, context) -> throttle.expire());
        }
    }
}
