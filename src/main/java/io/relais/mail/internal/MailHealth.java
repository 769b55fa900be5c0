package io.relais.mail.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.relais.mail.MailRecords.MailboxStatus;
import io.relais.mail.Mailboxes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * How the mailboxes are doing, for Actuator: health is DEGRADED (naming the mailboxes) when an
 * active inbound mailbox has not fetched for {@code relais.mail.health.stale-minutes}; Prometheus
 * gets per-mailbox gauges (imported, in quarantine, waiting in the outbox, failed, seconds since the
 * last successful fetch). Read from the database at most every 10 s.
 */
@Component("mail")
public class MailHealth implements HealthIndicator {
    public static final Status DEGRADED = new Status("DEGRADED");

    private final Mailboxes mailboxes;
    private final MailboxRepository repository;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration stale;
    private final Set<Long> registered = ConcurrentHashMap.newKeySet();
    private volatile Map<Long, MailboxStatus> snapshot = Map.of();
    private volatile Instant readAt = Instant.EPOCH;

    MailHealth(@Lazy Mailboxes mailboxes, MailboxRepository repository, MeterRegistry registry, Clock clock,
               @Value("${relais.mail.health.stale-minutes:15}") int staleMinutes) {
        this.mailboxes = mailboxes;
        this.repository = repository;
        this.registry = registry;
        this.clock = clock;
        this.stale = Duration.ofMinutes(staleMinutes);
    }

    @Override
    public Health health() {
        var statuses = refresh();
        var now = clock.instant();
        var late = new java.util.ArrayList<String>();
        var details = new LinkedHashMap<String, Object>();
        for (var m : repository.findAllByName()) {
            if (!m.fetches()) {
                continue;
            }
            var s = statuses.get(m.id());
            var last = s == null ? null : s.lastSuccessAt();
            var ok = last != null && Duration.between(last, now).compareTo(stale) <= 0;
            if (!ok) {
                late.add(m.name());
            }
            var d = new HashMap<String, Object>();
            d.put("lastSuccessfulFetch", last == null ? "never" : last.toString());
            d.put("inQuarantine", s == null ? 0 : s.quarantined());
            d.put("outboxPending", s == null ? 0 : s.outboxPending());
            if (s != null && s.lastError() != null) {
                d.put("lastError", s.lastError());
            }
            details.put(m.name(), d);
        }
        var builder = late.isEmpty() ? Health.up() : Health.status(DEGRADED).withDetail("notFetching", late);
        return builder.withDetails(details).build();
    }

    private Map<Long, MailboxStatus> refresh() {
        var now = clock.instant();
        if (Duration.between(readAt, now).toSeconds() >= 10) {
            var map = new HashMap<Long, MailboxStatus>();
            for (var s : mailboxes.statuses()) {
                map.put(s.mailboxId(), s);
                if (registered.add(s.mailboxId())) {
                    register(s);
                }
            }
            snapshot = map;
            readAt = now;
        }
        return snapshot;
    }

    private void register(MailboxStatus s) {
        var id = s.mailboxId();
        gauge("relais.mail.imported", "messages taken in", id, s.name(), m -> m.imported());
        gauge("relais.mail.quarantined", "messages in quarantine", id, s.name(), m -> m.quarantined());
        gauge("relais.mail.outbox.pending", "mails waiting to be sent", id, s.name(), m -> m.outboxPending());
        gauge("relais.mail.outbox.failed", "mails that failed for good", id, s.name(), m -> m.outboxFailed());
        gauge("relais.mail.fetch.age.seconds", "seconds since the last successful fetch", id, s.name(),
                m -> m.lastSuccessAt() == null ? Double.NaN : Duration.between(m.lastSuccessAt(), clock.instant()).toSeconds());
    }

    private void gauge(String name, String description, long id, String mailbox, ToDoubleFunction<MailboxStatus> value) {
        Gauge.builder(name, this, h -> {
                    var s = h.refresh().get(id);
                    return s == null ? Double.NaN : value.applyAsDouble(s);
                })
                .description(description).tags(List.of(io.micrometer.core.instrument.Tag.of("mailbox", mailbox)))
                .register(registry);
    }

    /** Registers the gauges of existing mailboxes at start, so that they are scraped before any health call. */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void ready() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // the database may not be ready: the next scrape or health call registers them
        }
    }
}
