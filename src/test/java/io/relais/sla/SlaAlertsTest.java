package io.relais.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.IntegrationTest;
import io.relais.RelaisApplication;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.GroupForm;
import io.relais.directory.SupportLevel;
import io.relais.notification.Notices;
import io.relais.security.Actor;
import io.relais.security.Role;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.internal.SlaAlerts;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Warnings and breaches: recorded on the timeline, their actions run, each once, with one node or two. */
class SlaAlertsTest extends IntegrationTest {
    private static final Actor ADMIN = Actor.system("test-admin");

    @Autowired
    SlaPolicies sla;
    @Autowired
    SlaAlerts alerts;
    @Autowired
    TicketService tickets;
    @Autowired
    Directory directory;
    @Autowired AgentsAndGroups agentsAndGroups;
    @Autowired
    Notices notices;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment env;
    @Autowired
    io.relais.sla.internal.SlaClocks clocks;

    record Desk(io.relais.Fixtures.Tenant tenant, long supervisorId, long levelTwoGroupId) {}

    /** A client with a level-2 group and a supervisor; its policy warns at {@code warnPercent} of a first response in {@code first}. */
    Desk desk(String label, Duration first, int warnPercent) {
        var tenant = fixtures.tenant(label);
        var levelTwo = agentsAndGroups.createGroup(ADMIN, new GroupForm("L2 " + label + " " + tenant.organizationId(), SupportLevel.L2,
                false, Set.of(tenant.organizationId()), null));
        var supervisor = fixtures.agent(label + " supervisor " + tenant.organizationId(),
                "supervisor-" + tenant.organizationId() + "@" + label.toLowerCase() + ".example", Role.SUPERVISOR,
                Set.of(tenant.groupId()));
        sla.createPolicy(ADMIN, new SlaPolicies.PolicyForm("CUSTOMER", label + " contract", tenant.organizationId(), null, 1,
                Set.of(), Set.of(), Set.of(), first, null, Duration.ofHours(8), Set.of(), null, warnPercent,
                EnumSet.of(AlertAction.NOTIFY_ASSIGNEE),
                EnumSet.of(AlertAction.NOTIFY_SUPERVISORS, AlertAction.RAISE_PRIORITY, AlertAction.ESCALATE), null));
        return new Desk(tenant, supervisor.id(), levelTwo.id());
    }

    long assignedTicket(Desk desk) {
        var t = desk.tenant();
        return tickets.open(new NewTicket("Badge reader refuses everyone", "Since 8:00", t.customer().id(), null,
                Impact.USER, Urgency.MEDIUM, Channel.PHONE, t.groupId(), t.agent().id(), List.of()), t.agent().actor()).id();
    }

    List<String> alertsOnTimeline(long ticketId) {
        return jdbc.sql("select change || ':' || new_value from timeline_entry where ticket_id = ? and change like 'SLA_%' order by id")
                .param(ticketId).query(String.class).list();
    }

    long notices(long agentId, long ticketId, String kind) {
        return notices.latest(agentId, 200).stream().filter(n -> n.ticketId() != null && n.ticketId() == ticketId
                && n.kind().equals(kind)).count();
    }

    @Test
    void aWarningNotifiesTheAssigneeAndABreachRaisesEscalatesAndTellsTheSupervisorEachOnce() {
        var desk = desk("SlaAlert", Duration.ofMinutes(30), 50);
        var id = assignedTicket(desk);
        var agent = desk.tenant().agent();
        var opened = Instant.now();
        assertThat(jdbc.sql("select priority from ticket where id = ?").param(id).query(String.class).single()).isEqualTo("P4");

        assertThat(alerts.check(id, opened.plus(Duration.ofMinutes(10)))).isZero();
        assertThat(alerts.check(id, opened.plus(Duration.ofMinutes(16)))).isEqualTo(1); // 50 % of 30 min
        assertThat(alerts.check(id, opened.plus(Duration.ofMinutes(17)))).isZero(); // once
        assertThat(alertsOnTimeline(id)).containsExactly("SLA_WARNING:FIRST_RESPONSE");
        assertThat(notices(agent.id(), id, "SLA_WARNING")).isEqualTo(1);
        assertThat(notices(desk.supervisorId(), id, "SLA_WARNING")).isZero();

        assertThat(alerts.check(id, opened.plus(Duration.ofMinutes(31)))).isEqualTo(1);
        assertThat(alerts.check(id, opened.plus(Duration.ofMinutes(40)))).isZero();
        assertThat(alertsOnTimeline(id)).containsExactly("SLA_WARNING:FIRST_RESPONSE", "SLA_BREACHED:FIRST_RESPONSE");
        // raised one priority (P4 → P3), handed to the level-2 group, unassigned for that group to take
        var ticket = jdbc.sql("select priority, group_id, assignee_id, support_level from ticket where id = ?").param(id)
                .query((rs, i) -> List.of(rs.getString(1), String.valueOf(rs.getObject(2)), String.valueOf(rs.getObject(3)),
                        rs.getString(4))).single();
        assertThat(ticket).containsExactly("P3", String.valueOf(desk.levelTwoGroupId()), "null", "L2");
        assertThat(notices(desk.supervisorId(), id, "SLA_BREACHED")).isEqualTo(1);
        assertThat(notices(agent.id(), id, "SLA_BREACHED")).isZero(); // the breach's actions do not name the assignee
        assertThat(jdbc.sql("select count(*) from sla_alert where ticket_id = ?").param(id).query(Long.class).single()).isEqualTo(2);
        // the clocks still agree with a recompute of the timeline after the alert's changes
        var stored = clocks.stored(id).orElseThrow();
        assertThat(clocks.recompute(id)).contains(stored);
    }

    @Autowired
    io.relais.mail.Mailboxes mailboxes;

    @Test
    void theSupervisorAlsoGetsTheBreachByMailThroughTheOutbox() throws Exception {
        var smtp = new com.icegreen.greenmail.util.GreenMail(com.icegreen.greenmail.util.ServerSetup.dynamicPort(new com.icegreen.greenmail.util.ServerSetup[] {
                com.icegreen.greenmail.util.ServerSetupTest.SMTP}));
        smtp.start();
        var desk = desk("SlaMail", Duration.ofMinutes(30), 50);
        var mailbox = mailboxes.create(ADMIN, new io.relais.mail.MailRecords.MailboxForm("SLA mail " + System.nanoTime(),
                "sla-" + System.nanoTime() + "@relais.test", null, io.relais.mail.MailRecords.InboundProtocol.NONE, null, null,
                null, null, null, null, null, io.relais.mail.MailRecords.OutboundSecurity.PLAIN, "127.0.0.1",
                smtp.getSmtp().getPort(), null, null, desk.tenant().groupId(), desk.tenant().organizationId(), true)).id();
        try {
            var id = assignedTicket(desk);
            assertThat(alerts.check(id, Instant.now().plus(Duration.ofMinutes(31)))).isEqualTo(1);
            var supervisor = agentsAndGroups.agent(desk.supervisorId()).orElseThrow().email();
            assertThat(jdbc.sql("select count(*) from outbox where kind = 'SLA_ALERT' and ticket_id = ? and recipients = ?")
                    .params(id, supervisor).query(Long.class).single()).isEqualTo(1);
            // the outbox delivers it (the customer's acknowledgement of the new ticket goes out too)
            jakarta.mail.internet.MimeMessage received = null;
            received = io.relais.Patience.until("the breach mail to the supervisor", () -> {
                for (var m : smtp.getReceivedMessages()) {
                    if (java.util.Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(supervisor))) {
                        return m;
                    }
                }
                return null;
            }, java.util.Objects::nonNull);
            assertThat(received.getSubject()).contains("SLA breached: first response");
        } finally {
            var info = mailboxes.get(ADMIN, mailbox);
            mailboxes.update(ADMIN, mailbox, new io.relais.mail.MailRecords.MailboxForm(info.name(), info.address(), null,
                    io.relais.mail.MailRecords.InboundProtocol.NONE, null, null, null, null, null, null, null,
                    io.relais.mail.MailRecords.OutboundSecurity.NONE, null, null, null, null, null, null, false));
            smtp.stop();
        }
    }

    @Test
    void aBreachFoundAfterAnOutageSkipsTheWarningItOvertook() {
        var desk = desk("SlaLate", Duration.ofMinutes(30), 50);
        var id = assignedTicket(desk);
        assertThat(alerts.check(id, Instant.now().plus(Duration.ofHours(1)))).isEqualTo(1);
        assertThat(alertsOnTimeline(id)).containsExactly("SLA_BREACHED:FIRST_RESPONSE");
        assertThat(notices(desk.tenant().agent().id(), id, "SLA_WARNING")).isZero();
        assertThat(jdbc.sql("select actions from sla_alert where ticket_id = ? and level = 'WARN'").param(id)
                .query(String.class).single()).isEqualTo("SUPERSEDED");
    }

    @Test
    void twoNodesSharingTheDatabaseFireEachAlertOnce() throws Exception {
        var desk = desk("SlaTwoNodes", Duration.ofMinutes(1), 1); // the warning comes 0.6 s after opening
        var slow = desk("SlaRace", Duration.ofMinutes(30), 50);
        var args = new ArrayList<>(List.of("--spring.datasource.url=" + env.getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + env.getProperty("spring.datasource.username"),
                "--spring.datasource.password=" + env.getProperty("spring.datasource.password", ""),
                "--server.port=0", "--relais.secret-key=" + env.getProperty("relais.secret-key"),
                "--relais.mail.fetch.enabled=false", "--relais.sla.alert-interval=PT1S",
                "--db-scheduler.polling-interval=1s", "--db-scheduler.scheduler-name=second-node",
                "--spring.jmx.enabled=false"));
        for (var key : List.of("spring.flyway.schemas", "spring.flyway.default-schema")) {
            if (env.getProperty(key) != null) {
                args.add("--" + key + "=" + env.getProperty(key));
            }
        }
        // a second node of the application on the same database (its own scheduler, job and beans)
        try (var other = new SpringApplicationBuilder(RelaisApplication.class).run(args.toArray(String[]::new))) {
            var otherAlerts = other.getBean(SlaAlerts.class);

            // both nodes run the job every second: the warning happens once
            var id = assignedTicket(desk);
            io.relais.Patience.until("the warning", () -> alertsOnTimeline(id), alerts -> !alerts.isEmpty());
            // then several more passes of the job, whichever node runs each: each pass stamps its end
            var passes = new java.util.HashSet<Instant>();
            var warned = Instant.now();
            io.relais.Patience.until("five passes of the alert job after the warning", () -> {
                jdbc.sql("select last_success from scheduled_tasks where task_name = 'sla-alerts' and last_success is not null")
                        .query((rs, i) -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant()).list().stream()
                        .filter(at -> at.isAfter(warned)).forEach(passes::add);
                return passes.size();
            }, n -> n >= 5);
            assertThat(alertsOnTimeline(id)).containsExactly("SLA_WARNING:FIRST_RESPONSE");
            assertThat(notices(desk.tenant().agent().id(), id, "SLA_WARNING")).isEqualTo(1);

            // and two nodes checking the same ticket at the same moment: one fires, the other finds it done
            var race = assignedTicket(slow);
            var at = Instant.now().plus(Duration.ofMinutes(16));
            var start = new CountDownLatch(1);
            var pool = Executors.newFixedThreadPool(2);
            try {
                var results = new ArrayList<Future<Integer>>();
                for (var node : List.of(alerts, otherAlerts)) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return node.check(race, at);
                    }));
                }
                start.countDown();
                assertThat(results.get(0).get() + results.get(1).get()).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(alertsOnTimeline(race)).containsExactly("SLA_WARNING:FIRST_RESPONSE");
            assertThat(notices(slow.tenant().agent().id(), race, "SLA_WARNING")).isEqualTo(1);
        }
    }
}
