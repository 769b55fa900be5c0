package io.relais.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.relais.IntegrationTest;
import io.relais.common.ForbiddenException;
import io.relais.common.NotFoundException;
import io.relais.security.Actor;
import io.relais.security.Role;
import io.relais.security.internal.AccountPrincipal;
import io.relais.sla.SlaCompliance.Line;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.internal.SlaClocks;
import io.relais.ticket.Status;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketService;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Compliance of a client for a period: outcomes per target and priority from the clocks, a running
 * clock past its due instant counted as breached, other clients' tickets and other periods left out,
 * the CSV exports, and who may read them.
 */
class SlaComplianceTest extends IntegrationTest {
    static final Actor ADMIN = Actor.system("SLA compliance test");

    @Autowired
    SlaPolicies sla;
    @Autowired
    SlaCompliance compliance;
    @Autowired
    SlaClocks clocks;
    @Autowired
    TicketService tickets;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;

    /** A history written into the past: the ticket's entries (and its client's policy) moved back by {@code by}, then recomputed. */
    private void movedBack(long ticketId, long policyId, Duration by, int entriesMoved) {
        jdbc.sql("update sla_policy set valid_from = ? where id = ? or policy_id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusDays(1), policyId, policyId).update();
        var ids = jdbc.sql("select id from timeline_entry where ticket_id = ? order by id").param(ticketId).query(Long.class).list();
        for (var id : ids.subList(0, entriesMoved)) {
            var at = jdbc.sql("select at from timeline_entry where id = ?").param(id).query(OffsetDateTime.class).single();
            jdbc.sql("update timeline_entry set at = ? where id = ?").params(at.minus(by), id).update();
        }
        clocks.recompute(ticketId);
    }

    @Test
    void outcomesPerTargetAndPriorityForThePeriod() throws Exception {
        var t = fixtures.tenant("SlaCompliance");
        var other = fixtures.tenant("SlaComplianceOther");
        var policy = sla.createPolicy(ADMIN, new SlaPolicies.PolicyForm("CUSTOMER", "Compliance contract", t.organizationId(), null, 1,
                Set.of(), Set.of(), Set.of(), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(8), Set.of(), null, 75,
                null, null, null));
        var agent = t.agent().actor();
        var customer = t.customer().actor();
        // P4 (user, medium): answered at once, then resolved: first response and resolution met
        var quick = open(t, Impact.USER, Urgency.MEDIUM);
        tickets.addMessage(quick, new NewMessage("Try the other port", false, List.of()), agent);
        tickets.addMessage(quick, new NewMessage("It works, thanks", false, List.of()), customer);
        tickets.addMessage(quick, new NewMessage("Glad to hear it", false, List.of()), agent);
        tickets.update(quick, TicketUpdate.status(Status.RESOLVED), agent);
        // P4: answered two hours after it was opened: first response breached, resolution still running
        var late = open(t, Impact.USER, Urgency.MEDIUM);
        tickets.addMessage(late, new NewMessage("Sorry for the wait", false, List.of()), agent);
        movedBack(late, policy, Duration.ofHours(2), 1);
        // P1 (organization, high): nobody answered for an hour; the first response runs past its due instant
        var forgotten = open(t, Impact.ORGANIZATION, Urgency.HIGH);
        movedBack(forgotten, policy, Duration.ofHours(1), 1);
        // another client's ticket and nothing else
        open(other, Impact.USER, Urgency.MEDIUM);

        var today = LocalDate.now(ZoneId.of("UTC"));
        var supervisor = supervisor(t);
        var report = compliance.report(supervisor, t.organizationId(), today.minusDays(1), today.plusDays(1));
        // the fixtures' two open tickets take the new contract's targets from its creation on: in progress
        assertThat(report.tickets()).isEqualTo(5);
        assertThat(report.lines()).containsExactlyInAnyOrder(
                new Line(Priority.P1, ClockKind.FIRST_RESPONSE, 0, 1, 0),
                new Line(Priority.P1, ClockKind.RESOLUTION, 0, 0, 1),
                new Line(Priority.P4, ClockKind.FIRST_RESPONSE, 1, 1, 1),
                new Line(Priority.P4, ClockKind.RESOLUTION, 1, 0, 3),
                new Line(Priority.P4, ClockKind.NEXT_UPDATE, 1, 0, 0));
        assertThat(report.totals().get(ClockKind.FIRST_RESPONSE)).isEqualTo(new Line(null, ClockKind.FIRST_RESPONSE, 1, 2, 1));
        assertThat(report.totals().get(ClockKind.FIRST_RESPONSE).percent()).isCloseTo(33.3, org.assertj.core.data.Offset.offset(0.1));
        assertThat(report.totals().get(ClockKind.RESOLUTION).percent()).isEqualTo(100.0);

        // a period before these tickets: nothing
        assertThat(compliance.report(supervisor, t.organizationId(), today.minusDays(30), today.minusDays(2)).tickets()).isZero();

        // the page and both exports
        var principal = new AccountPrincipal(supervisor.accountId(), "compliance-supervisor", null, supervisor.personId(), null, "en",
                "SUPERVISOR", true);
        var range = "org=" + t.organizationId() + "&from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
        var page = mvc.perform(get("/reports/sla?" + range).with(user(principal))).andReturn().getResponse();
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString()).contains("5 tickets").contains("33.3 %");
        var csv = mvc.perform(get("/reports/sla.csv?" + range).with(user(principal))).andReturn().getResponse();
        assertThat(csv.getContentType()).startsWith("text/csv");
        assertThat(csv.getHeader("Content-Disposition")).contains("attachment").contains(".csv");
        assertThat(csv.getContentAsString(java.nio.charset.StandardCharsets.UTF_8).lines())
                .contains(t.organizationId() + "," + today.minusDays(1) + "," + today.plusDays(1) + ",UTC,P4,FIRST_RESPONSE,1,1,1,50.0",
                        t.organizationId() + "," + today.minusDays(1) + "," + today.plusDays(1) + ",UTC,ALL,FIRST_RESPONSE,1,2,1,33.3");
        var perTicket = mvc.perform(get("/reports/sla/tickets.csv?" + range).with(user(principal))).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertThat(perTicket).hasSize(6);
        assertThat(perTicket.get(0)).startsWith("\uFEFFnumber,subject,priority,opened_at,first_response,resolution");
        assertThat(perTicket.subList(1, 6))
                .anyMatch(l -> l.contains(",P1,") && l.contains(",BREACHED,RUNNING,"))
                .anyMatch(l -> l.contains(",P4,") && l.contains(",MET,MET,1,0,"));
        // a subject that a spreadsheet would run as a formula is written as text
        assertThat(perTicket).filteredOn(l -> l.contains("HYPERLINK")).hasSize(3)
                .allMatch(l -> l.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\"), printer\","));
    }

    private long open(io.relais.Fixtures.Tenant t, Impact impact, Urgency urgency) {
        return tickets.open(new NewTicket("=HYPERLINK(\"http://evil.example\"), printer", "Paper jam", t.customer().id(), null, impact,
                urgency, Channel.PHONE, t.groupId(), null, List.of()), t.agent().actor()).id();
    }

    private Actor supervisor(io.relais.Fixtures.Tenant t) {
        var p = fixtures.agent("Compliance supervisor " + t.organizationId(), "compliance-sup-" + t.organizationId() + "@relais.example",
                Role.SUPERVISOR, Set.of(t.groupId()));
        return p.actor();
    }

    @Test
    void agentsCannotAndSupervisorsSeeOnlyTheClientsTheyServe() throws Exception {
        var t = fixtures.tenant("SlaComplianceScope");
        var other = fixtures.tenant("SlaComplianceScopeOther");
        var today = LocalDate.now(ZoneId.of("UTC"));
        assertThatThrownBy(() -> compliance.report(t.agent().actor(), t.organizationId(), today, today))
                .isInstanceOf(ForbiddenException.class);
        var supervisor = supervisor(t);
        assertThatThrownBy(() -> compliance.report(supervisor, other.organizationId(), today, today))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> compliance.report(supervisor, t.organizationId(), today, today.minusDays(1)))
                .isInstanceOf(io.relais.common.InvalidInputException.class);
        var principal = new AccountPrincipal(supervisor.accountId(), "compliance-supervisor", null, supervisor.personId(), null, "en",
                "SUPERVISOR", true);
        var csv = mvc.perform(get("/reports/sla/tickets.csv?org=" + other.organizationId() + "&from=" + today + "&to=" + today)
                .with(user(principal))).andReturn().getResponse();
        assertThat(csv.getStatus()).isEqualTo(404);
        assertThat(csv.getContentType()).doesNotStartWith("text/csv");
        var agent = new AccountPrincipal(t.agent().accountId(), t.agent().login(), null, t.agent().id(), null, "en", "AGENT", true);
        assertThat(mvc.perform(get("/reports/sla?org=" + t.organizationId()).with(user(agent))).andReturn().getResponse().getStatus())
                .isEqualTo(403);
    }
}
