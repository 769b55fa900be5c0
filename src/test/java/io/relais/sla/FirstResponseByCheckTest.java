package io.relais.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.relais.IntegrationTest;
import io.relais.knowledge.CheckRecords.NodeForm;
import io.relais.knowledge.CheckRecords.NodeKind;
import io.relais.knowledge.CheckRecords.Outcome;
import io.relais.knowledge.CheckRecords.TreeForm;
import io.relais.knowledge.CheckRuns;
import io.relais.knowledge.CheckTreeEditor;
import io.relais.security.Actor;
import io.relais.security.internal.AccountPrincipal;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.SlaEngine.Standing;
import io.relais.ticket.Status;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketService;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A guided check's path is internal: a ticket resolved through one, with no public reply or call, has not had its
 * first response — the clock does not show it met, nor does the compliance report count it so.
 */
class FirstResponseByCheckTest extends IntegrationTest {
    private static final Actor ADMIN = Actor.system("test-admin");

    @Autowired
    MockMvc mvc;
    @Autowired
    SlaPolicies slaPolicies;
    @Autowired
    TicketClocks ticketClocks;
    @Autowired
    SlaCompliance compliance;
    @Autowired
    CheckTreeEditor checks;
    @Autowired CheckRuns checkRuns;
    @Autowired
    TicketService tickets;

    private SlaEngine.View firstResponse(Actor agent, long ticketId) {
        return ticketClocks.clocks(agent, ticketId).stream().filter(v -> v.kind() == ClockKind.FIRST_RESPONSE).findFirst().orElseThrow();
    }

    private long open(io.relais.Fixtures.Tenant t) {
        return tickets.open(new NewTicket("Badge reader refuses everyone", "Since 8:00", t.customer().id(), null, Impact.USER,
                Urgency.MEDIUM, Channel.PHONE, t.groupId(), t.agent().id(), List.of()), t.agent().actor()).id();
    }

    @Test
    void aTicketResolvedByAGuidedCheckAloneHasNoFirstResponseMet() throws Exception {
        var t = fixtures.tenant("CheckAnswer");
        var agent = t.agent().actor();
        slaPolicies.createPolicy(ADMIN, new SlaPolicies.PolicyForm("CUSTOMER", "Check contract " + t.organizationId(), t.organizationId(),
                null, 1, Set.of(), Set.of(), Set.of(), Duration.ofMinutes(30), null, Duration.ofHours(8), Set.of(), null, 75,
                EnumSet.noneOf(AlertAction.class), EnumSet.noneOf(AlertAction.class), null));
        var tree = checks.createTree(ADMIN, new TreeForm("Badge reader " + t.organizationId(), "en", null, null, true));
        var question = checks.addNode(ADMIN, tree, new NodeForm(NodeKind.QUESTION, "Is the reader's light green?", null, null,
                null, null), null);
        var yes = checks.addAnswer(ADMIN, question, "Yes", null);
        checks.addNode(ADMIN, tree, new NodeForm(NodeKind.OUTCOME, "Solved at first contact", null, Outcome.SOLVED, null, null), yes);

        var id = open(t); // opened by the agent on the phone: no reply, no call logged
        var answered = open(t);
        tickets.addMessage(answered, new NewMessage("Please unplug it for ten seconds", false, List.of()), agent);
        var run = checkRuns.start(agent, tree, id);
        checkRuns.answer(agent, run.id(), yes);
        checkRuns.apply(agent, run.id());

        var clock = firstResponse(agent, id);
        assertThat(clock.standing()).isEqualTo(Standing.UNANSWERED);
        assertThat(clock.met()).isZero();
        assertThat(firstResponse(agent, answered).standing()).isEqualTo(Standing.MET);
        var principal = new AccountPrincipal(t.agent().accountId(), t.agent().login(), null, t.agent().id(), null, "en", "AGENT", true);
        var panel = mvc.perform(get("/tickets/" + id + "/sla").with(user(principal))).andReturn().getResponse().getContentAsString();
        assertThat(panel).contains("not answered (resolved without a reply or call)");

        // the report counts the answered ticket's first response as met, not the one resolved by the check
        var supervisor = fixtures.agent("Check supervisor " + t.organizationId(), "check-sup-" + t.organizationId() + "@relais.example",
                io.relais.security.Role.SUPERVISOR, Set.of(t.groupId())).actor();
        var today = LocalDate.now(ZoneId.of("UTC"));
        var first = compliance.report(supervisor, t.organizationId(), today.minusDays(1), today.plusDays(1)).totals()
                .get(ClockKind.FIRST_RESPONSE);
        assertThat(first.met()).isEqualTo(1);
        assertThat(first.breached()).isZero();

        // reopened and answered: the first response happens then, within its target
        tickets.update(id, TicketUpdate.status(Status.OPEN), agent);
        tickets.addMessage(id, new NewMessage("It works again after the reset", false, List.of()), agent);
        assertThat(firstResponse(agent, id).standing()).isEqualTo(Standing.MET);
    }
}
