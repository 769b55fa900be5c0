package io.relais.sla.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.IntegrationTest;
import io.relais.directory.AgentsAndGroups;
import io.relais.notification.Notices;
import io.relais.security.Actor;
import io.relais.security.Role;
import io.relais.sla.AlertAction;
import io.relais.sla.SlaPolicies;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.Escalation;
import io.relais.ticket.TicketService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Only what happens while the desk runs is news: an old warning or breach, found at start-up or made older than
 * the job's last pass, is recorded on the timeline without notifying anyone; and no alert touches the ticket.
 */
class SlaAlertsNewsTest extends IntegrationTest {
    private static final Actor ADMIN = Actor.system("test-admin");

    @Autowired
    SlaAlerts alerts;
    @Autowired
    SlaPolicies sla;
    @Autowired
    SlaRules rules;
    @Autowired
    TicketService tickets;
    @Autowired
    Escalation escalation;
    @Autowired
    AgentsAndGroups agentsAndGroups;
    @Autowired
    Notices notices;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;

    record Desk(io.relais.Fixtures.Tenant tenant, long supervisorId) {}

    /** A client with a supervisor, no SLA policy yet. */
    Desk desk(String label) {
        var t = fixtures.tenant(label);
        var supervisor = fixtures.agent(label + " supervisor " + t.organizationId(),
                "supervisor-" + t.organizationId() + "@" + label.toLowerCase() + ".example", Role.SUPERVISOR, Set.of(t.groupId()));
        return new Desk(t, supervisor.id());
    }

    /** Its contract: a first response in 30 minutes, warned at half; a breach tells the assignee and the supervisors. */
    void contract(Desk desk) {
        sla.createPolicy(ADMIN, new SlaPolicies.PolicyForm("CUSTOMER", "News contract " + desk.tenant().organizationId(),
                desk.tenant().organizationId(), null, 1, Set.of(), Set.of(), Set.of(), Duration.ofMinutes(30), null,
                Duration.ofHours(8), Set.of(), null, 50, EnumSet.of(AlertAction.NOTIFY_ASSIGNEE),
                EnumSet.of(AlertAction.NOTIFY_ASSIGNEE, AlertAction.NOTIFY_SUPERVISORS), null));
    }

    long ticket(Desk desk) {
        var t = desk.tenant();
        return tickets.open(new NewTicket("Badge reader refuses everyone", "Since 8:00", t.customer().id(), null,
                Impact.USER, Urgency.MEDIUM, Channel.PHONE, t.groupId(), t.agent().id(), List.of()), t.agent().actor()).id();
    }

    /** Another node of the desk, or the desk after a restart: its own job, started at {@code clock}'s instant. */
    SlaAlerts node(Clock clock) {
        return new SlaAlerts(jdbc, rules, escalation, agentsAndGroups, notices, tx, clock);
    }

    record Row(OffsetDateTime updatedAt, long version, String priority) {}

    Row row(long ticketId) {
        return jdbc.sql("select updated_at, version, priority from ticket where id = ?").param(ticketId)
                .query((rs, i) -> new Row(rs.getObject(1, OffsetDateTime.class), rs.getLong(2), rs.getString(3))).single();
    }

    long notices(Desk desk, long ticketId) {
        return List.of(desk.tenant().agent().id(), desk.supervisorId()).stream()
                .mapToLong(agent -> notices.latest(agent, 200).stream()
                        .filter(n -> n.ticketId() != null && n.ticketId() == ticketId).count()).sum();
    }

    List<String> recorded(long ticketId) {
        return jdbc.sql("select level || ':' || actions from sla_alert where ticket_id = ?").param(ticketId)
                .query(String.class).list();
    }

    List<String> onTimeline(long ticketId) {
        return jdbc.sql("select change || ':' || new_value from timeline_entry where ticket_id = ? and change like 'SLA_%'"
                + " order by id").param(ticketId).query(String.class).list();
    }

    @Test
    void aBreachFromBeforeTheDeskStartedIsRecordedWithoutNotifyingNorTouchingTheTicket() {
        var desk = desk("SlaStartup");
        contract(desk);
        var id = ticket(desk);
        var opened = Instant.now();
        var before = row(id);

        // the desk restarts two hours later: the warning (15 min) and the breach (30 min) are old news
        var restarted = node(Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
        restarted.check(id, opened.plus(Duration.ofHours(2)));
        restarted.check(id, opened.plus(Duration.ofHours(3)));

        assertThat(onTimeline(id)).containsExactly("SLA_BREACHED:FIRST_RESPONSE");
        assertThat(recorded(id)).containsExactlyInAnyOrder("WARN:SUPERSEDED", "BREACH:PAST");
        assertThat(notices(desk, id)).isZero();
        assertThat(jdbc.sql("select count(*) from outbox where ticket_id = ? and kind = 'SLA_ALERT'").param(id)
                .query(Long.class).single()).isZero();
        assertThat(row(id)).isEqualTo(before);
    }

    @Test
    void aBreachFromBeforeTheJobsLastPassIsRecordedWithoutNotifying() {
        var desk = desk("SlaLastPass");
        var id = ticket(desk); // no contract yet: no clock to alert on
        var opened = Instant.now();
        var node = node(Clock.systemUTC());
        node.run(opened.plus(Duration.ofHours(1)));
        // the contract comes afterwards: the ticket's first response was due 30 min after opening, before that pass
        contract(desk);
        var before = row(id);

        node.check(id, opened.plus(Duration.ofHours(2)));

        assertThat(recorded(id)).containsExactlyInAnyOrder("WARN:SUPERSEDED", "BREACH:PAST");
        assertThat(onTimeline(id)).containsExactly("SLA_BREACHED:FIRST_RESPONSE");
        assertThat(notices(desk, id)).isZero();
        assertThat(row(id)).isEqualTo(before);
    }

    @Test
    void aBreachWhileTheDeskRunsNotifiesOnceAndChangesNoFieldOfTheTicket() {
        var desk = desk("SlaLive");
        contract(desk);
        var id = ticket(desk);
        var opened = Instant.now();
        var before = row(id);

        assertThat(alerts.check(id, opened.plus(Duration.ofMinutes(16)))).isEqualTo(1);
        assertThat(alerts.check(id, opened.plus(Duration.ofMinutes(31)))).isEqualTo(1);
        assertThat(alerts.check(id, opened.plus(Duration.ofMinutes(45)))).isZero();

        assertThat(onTimeline(id)).containsExactly("SLA_WARNING:FIRST_RESPONSE", "SLA_BREACHED:FIRST_RESPONSE");
        assertThat(notices.latest(desk.tenant().agent().id(), 200).stream()
                .filter(n -> n.ticketId() != null && n.ticketId() == id && n.kind().equals("SLA_BREACHED")).count()).isEqualTo(1);
        assertThat(notices.latest(desk.supervisorId(), 200).stream()
                .filter(n -> n.ticketId() != null && n.ticketId() == id && n.kind().equals("SLA_BREACHED")).count()).isEqualTo(1);
        // "updated" and the version (which guards stale saves) stay: the recently updated sort is not disturbed
        assertThat(row(id)).isEqualTo(before);
    }
}
