package io.relais.sla.internal;

import io.relais.ticket.BusinessTime;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Business time in the calendar of the organization's contract, for the ticket screens. */
@Component
class SlaBusinessTime implements BusinessTime {
    private final SlaRules rules;

    SlaBusinessTime(SlaRules rules) {
        this.rules = rules;
    }

    @Override
    public Duration between(long organizationId, Instant from, Instant to) {
        var snapshot = rules.current();
        var calendar = snapshot.calendar(snapshot.calendarOf(organizationId));
        return to.isBefore(from) ? calendar.between(to, from).negated() : calendar.between(from, to);
    }
}
