package io.relais.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.IntegrationTest;
import io.relais.security.Actor;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.SlaEngine.Pause;
import io.relais.sla.SlaEngine.PauseReason;
import io.relais.sla.SlaEngine.Phase;
import io.relais.sla.SlaEngine.Standing;
import io.relais.sla.internal.SlaClocks;
import io.relais.ticket.Status;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The stored clocks of real tickets, moved by the ticket's own changes, against a recompute of their timeline. */
class SlaClocksTest extends IntegrationTest {
    static final Actor ADMIN = Actor.system("SLA test");

    @Autowired
    SlaPolicies slaPolicies;
    @Autowired
    TicketClocks ticketClocks;
    @Autowired
    SlaClocks clocks;
    @Autowired
    TicketService tickets;
    @Autowired
    JdbcClient jdbc;

    record Desk(io.relais.Fixtures.Tenant tenant, long policyId) {}

    /** A client company with its own policy: first response 30 min, next update 1 h, resolution 4 h, paused while pending the customer. */
    Desk desk(String label) {
        var tenant = fixtures.tenant(label);
        var policy = slaPolicies.createPolicy(ADMIN, new SlaPolicies.PolicyForm("CUSTOMER", label + " standard", tenant.organizationId(),
                null, 1, Set.of(), Set.of(), Set.of(), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(4),
                Set.of(new Pause(ClockKind.RESOLUTION, PauseReason.PENDING_CUSTOMER),
                        new Pause(ClockKind.NEXT_UPDATE, PauseReason.PENDING_CUSTOMER)), null, 75, null, null, null));
        return new Desk(tenant, policy);
    }

    long openedByCustomer(Desk desk) {
        // a customer says how urgent it is for them; impact is the desk's (USER by default)
        return tickets.open(new NewTicket("Screen flickers", "Since this morning", desk.tenant().customer().id(), null,
                null, Urgency.MEDIUM, Channel.PORTAL, null, null, List.of()),
                desk.tenant().customer().actor()).id();
    }

    SlaEngine.View clock(Desk desk, long ticketId, ClockKind kind) {
        return ticketClocks.clocks(desk.tenant().agent().actor(), ticketId).stream().filter(v -> v.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void aPublicReplyMeetsTheFirstResponseAndAnInternalNoteDoesNot() {
        var desk = desk("SlaFirst");
        var id = openedByCustomer(desk);
        var agent = desk.tenant().agent().actor();

        var first = clock(desk, id, ClockKind.FIRST_RESPONSE);
        assertThat(first.standing()).isEqualTo(Standing.RUNNING);
        assertThat(first.target()).isEqualTo(Duration.ofMinutes(30));
        assertThat(first.due()).isEqualTo(first.startedAt().plus(Duration.ofMinutes(30))); // 24/7 by default
        // the queue sorts by the nearest due clock: the first response's
        assertThat(slaDue(id)).isEqualTo(first.due());

        tickets.addMessage(id, new NewMessage("checking the cable", true, List.of()), agent);
        assertThat(clock(desk, id, ClockKind.FIRST_RESPONSE).phase()).isEqualTo(Phase.RUNNING);

        tickets.addMessage(id, new NewMessage("Could you try another cable?", false, List.of()), agent);
        var answered = clock(desk, id, ClockKind.FIRST_RESPONSE);
        assertThat(answered.phase()).isEqualTo(Phase.STOPPED);
        assertThat(answered.standing()).isEqualTo(Standing.MET);
        // now the resolution clock is the nearest
        assertThat(slaDue(id)).isEqualTo(clock(desk, id, ClockKind.RESOLUTION).due());
        assertRecomputeGivesTheStoredClocks(id);
    }

    @Test
    void pendingCustomerPausesTheClocksAndTheCustomersReplyResumesThem() {
        var desk = desk("SlaPause");
        var id = openedByCustomer(desk);
        var agent = desk.tenant().agent().actor();
        tickets.addMessage(id, new NewMessage("Which model is it?", false, List.of()), agent);
        tickets.update(id, TicketUpdate.status(Status.PENDING_CUSTOMER), agent);

        var resolution = clock(desk, id, ClockKind.RESOLUTION);
        assertThat(resolution.standing()).isEqualTo(Standing.PAUSED);
        assertThat(resolution.pausedBy()).isEqualTo(PauseReason.PENDING_CUSTOMER);
        assertThat(resolution.due()).isNull();
        assertThat(slaDue(id)).isNull(); // nothing runs: the queue puts it last

        tickets.addMessage(id, new NewMessage("A Dell P2422H", false, List.of()), desk.tenant().customer().actor());
        resolution = clock(desk, id, ClockKind.RESOLUTION);
        assertThat(resolution.phase()).isEqualTo(Phase.RUNNING);
        assertThat(resolution.paused()).isPositive();
        var next = clock(desk, id, ClockKind.NEXT_UPDATE);
        assertThat(next.phase()).isEqualTo(Phase.RUNNING);
        assertThat(next.target()).isEqualTo(Duration.ofHours(1));

        tickets.addMessage(id, new NewMessage("A new cable is on its way", false, List.of()), agent);
        next = clock(desk, id, ClockKind.NEXT_UPDATE);
        assertThat(next.phase()).isEqualTo(Phase.STOPPED);
        assertThat(next.met()).isEqualTo(1);

        tickets.update(id, TicketUpdate.status(Status.RESOLVED), agent);
        assertThat(clock(desk, id, ClockKind.RESOLUTION).standing()).isEqualTo(Standing.MET);
        assertThat(jdbc.sql("select resolution from sla_ticket where ticket_id = ?").param(id).query(String.class).single())
                .isEqualTo("MET");
        assertRecomputeGivesTheStoredClocks(id);
    }

    @Test
    void aPolicyChangeKeepsWhatWasMeasuredAndAppliesTheNewTargetsFromThen() {
        // the application's clock, moved on by the test: 17 minutes pass between the opening and the edit (an hour
        // ago: a policy edit stamped in the future would be replayed on other tests' tickets)
        testClock.pin(Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        try {
            policyChange(desk("SlaChange"));
        } finally {
            testClock.release();
        }
    }

    @Autowired
    io.relais.TestClock testClock;
    @Autowired
    io.relais.sla.internal.SlaRules slaRules;

    private void policyChange(Desk desk) {
        var id = openedByCustomer(desk);
        var before = stored(id).clock(ClockKind.RESOLUTION);
        assertThat(before.elapsed()).isZero();
        testClock.advance(Duration.ofMinutes(17));
        slaPolicies.updatePolicy(ADMIN, desk.policyId(), new SlaPolicies.PolicyForm("CUSTOMER", "SlaChange gold", desk.tenant().organizationId(),
                null, 1, Set.of(), Set.of(), Set.of(), Duration.ofMinutes(15), null, Duration.ofHours(8),
                Set.of(new Pause(ClockKind.RESOLUTION, PauseReason.PENDING_CUSTOMER)), null, 75, null, null, null));

        var after = stored(id).clock(ClockKind.RESOLUTION);
        assertThat(after.startedAt()).isEqualTo(before.startedAt());
        assertThat(after.elapsed()).isEqualTo(Duration.ofMinutes(17)); // measured up to the edit (24/7), nothing lost
        assertThat(after.target()).isEqualTo(Duration.ofHours(8));
        assertThat(after.policyVersion()).isEqualTo(2);
        assertThat(stored(id).clock(ClockKind.FIRST_RESPONSE).target()).isEqualTo(Duration.ofMinutes(15));
        // the earlier version is closed, not rewritten
        assertThat(jdbc.sql("select count(*) from sla_policy where policy_id = ? and valid_to is not null").param(desk.policyId())
                .query(Long.class).single()).isEqualTo(1L);
        // a recompute replays the edit where it happened; it also replays the policy edits of the other tests, made
        // later in real time than this pinned hour: compared where both are measured to the same instant
        var stored = stored(id);
        var again = clocks.recompute(id).orElseThrow();
        var common = again.at().isAfter(stored.at()) ? again.at() : stored.at();
        assertThat(SlaEngine.read(again, slaRules.current(), common)).isEqualTo(SlaEngine.read(stored, slaRules.current(), common));
    }

    @Test
    void aTicketOfAnotherOrganizationFollowsItsOwnPolicyOrNone() {
        var desk = desk("SlaMine");
        var other = fixtures.tenant("SlaOther");
        var id = tickets.open(new NewTicket("Other", "no policy here", other.customer().id(), null, null, Urgency.MEDIUM,
                Channel.PORTAL, null, null, List.of()), other.customer().actor()).id();
        var views = ticketClocks.clocks(other.agent().actor(), id);
        assertThat(views).isNotEmpty().allSatisfy(v -> assertThat(v.standing()).isEqualTo(Standing.NONE));
        assertThat(slaDue(id)).isNull();
        // and the clocks of a ticket are not shown to someone who may not see it
        assertThat(ticketClocks.clocks(desk.tenant().agent().actor(), id)).isEmpty();
        assertThat(ticketClocks.clocks(other.customer().actor(), openedByCustomer(desk))).isEmpty();
    }

    @Test
    void thePreviewSaysWhenATicketOpenedNowWouldBeDue() {
        var desk = desk("SlaPreview");
        var now = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var due = ticketClocks.preview(desk.tenant().agent().actor(), desk.tenant().organizationId(),
                io.relais.ticket.TicketEnums.Priority.P3, null, Channel.EMAIL, now);
        assertThat(due).containsEntry(ClockKind.FIRST_RESPONSE, now.plus(Duration.ofMinutes(30)))
                .containsEntry(ClockKind.RESOLUTION, now.plus(Duration.ofHours(4)))
                .doesNotContainKey(ClockKind.NEXT_UPDATE);
    }

    @Autowired
    org.springframework.test.web.servlet.MockMvc mvc;

    @Test
    void theRecomputeApiWalksEveryActiveTicketInBatchesIncludingOnesThatNeverHadClocks() throws Exception {
        var desk = desk("SlaRecomputeApi");
        var id = openedByCustomer(desk);
        var before = stored(id);
        // a ticket from before the SLA module (or a bulk import): no stored clocks, no due instant
        jdbc.sql("delete from sla_alert where ticket_id = ?").param(id).update();
        jdbc.sql("delete from sla_ticket where ticket_id = ?").param(id).update();
        jdbc.sql("update ticket set sla_due_at = null where id = ?").param(id).update();
        var admin = fixtures.agent("Recompute admin " + id, "recompute-admin-" + id + "@relais.example",
                io.relais.security.Role.ADMIN, Set.of());

        long after = id - 1;
        var answer = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/sla/recompute")
                .param("afterId", "" + after).param("limit", "1").header("Authorization", "Bearer " + admin.token()))
                .andReturn().getResponse();
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getContentAsString()).contains("\"recomputed\":1").contains("\"lastTicketId\":" + id);
        assertThat(stored(id)).isEqualTo(before);
        assertThat(slaDue(id)).isEqualTo(clock(desk, id, ClockKind.FIRST_RESPONSE).due());

        // an agent may not; a batch too large is refused with the field named
        var agent = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/sla/recompute")
                .header("Authorization", "Bearer " + desk.tenant().agent().token())).andReturn().getResponse();
        assertThat(agent.getStatus()).isEqualTo(403);
        var tooMany = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/sla/recompute")
                .param("limit", "100000").header("Authorization", "Bearer " + admin.token())).andReturn().getResponse();
        assertThat(tooMany.getStatus()).isEqualTo(422);
        assertThat(tooMany.getContentType()).startsWith("application/problem+json");
        assertThat(tooMany.getContentAsString()).contains("limit");

        // the ticket's clocks through the API; another client's agent gets 404
        var mine = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/tickets/" + id + "/sla")
                .header("Authorization", "Bearer " + desk.tenant().agent().token())).andReturn().getResponse();
        assertThat(mine.getStatus()).isEqualTo(200);
        assertThat(mine.getContentAsString()).contains("FIRST_RESPONSE").contains("RUNNING");
        var stranger = fixtures.tenant("SlaRecomputeApiOther");
        var theirs = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/tickets/" + id + "/sla")
                .header("Authorization", "Bearer " + stranger.agent().token())).andReturn().getResponse();
        assertThat(theirs.getStatus()).isEqualTo(404);
    }

    private SlaEngine.State stored(long ticketId) {
        return clocks.stored(ticketId).orElseThrow();
    }

    /** The incremental path (what the ticket's changes stored) and a fold of its whole timeline agree. */
    private void assertRecomputeGivesTheStoredClocks(long ticketId) {
        var before = stored(ticketId);
        var again = clocks.recompute(ticketId).orElseThrow();
        assertThat(again).isEqualTo(before);
        assertThat(stored(ticketId)).isEqualTo(before);
    }

    private Instant slaDue(long ticketId) {
        return jdbc.sql("select sla_due_at from ticket where id = ?").param(ticketId)
                .query((rs, i) -> {
                    var t = rs.getObject(1, java.time.OffsetDateTime.class);
                    return t == null ? null : t.toInstant();
                }).list().get(0);
    }
}
