package io.relais.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.relais.IntegrationTest;
import io.relais.security.Role;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A save made on an older copy of the ticket goes through unless it sets a field someone else changed meanwhile;
 * then it is refused with who changed which field to what, in words, in the person's language. Through the
 * ticket page's form and the API.
 */
class StaleSaveTest extends IntegrationTest {
    @Autowired
    MockMvc mvc;
    @Autowired
    TicketService tickets;
    @Autowired
    TicketReads queries;

    private static AccountPrincipal principal(io.relais.Fixtures.Person p) {
        return new AccountPrincipal(p.accountId(), p.login(), null, p.id(), null, "en", "AGENT", true);
    }

    /** A colleague of the tenant's agent, in the same group, with a name the messages can be checked for. */
    private io.relais.Fixtures.Person colleague(io.relais.Fixtures.Tenant t) {
        return fixtures.agent("Marc Dubois " + t.organizationId(), "marc-" + t.organizationId() + "@stale.example", Role.AGENT,
                Set.of(t.groupId()));
    }

    /** The version the ticket page's form carries, as a browser would send it back. */
    private String versionOnPage(long ticketId, io.relais.Fixtures.Person agent) throws Exception {
        var page = mvc.perform(get("/tickets/" + ticketId).with(user(principal(agent)))).andReturn().getResponse().getContentAsString();
        var m = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(page);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The properties form as the page sends it: every field, with its shown value unless {@code changed}. */
    private MockHttpServletRequestBuilder form(long ticketId, String version, TicketViews.TicketView seen, String... changed) {
        var fields = new java.util.LinkedHashMap<String, String>();
        fields.put("version", version);
        fields.put("status", seen.status().name());
        fields.put("impact", seen.impact().name());
        fields.put("urgency", seen.urgency().name());
        fields.put("groupId", String.valueOf(seen.group().id()));
        fields.put("assigneeId", seen.assignee() == null ? "0" : String.valueOf(seen.assignee().id()));
        fields.put("tags", String.join(", ", seen.tags()));
        for (int i = 0; i + 1 < changed.length; i += 2) {
            fields.put(changed[i], changed[i + 1]);
        }
        var request = post("/tickets/" + ticketId + "/fields").with(csrf());
        fields.forEach(request::param);
        return request;
    }

    @Test
    void aFieldEditGoesThroughAfterSomeoneElseRepliedMeanwhile() throws Exception {
        var t = fixtures.tenant("StaleReply");
        var marc = colleague(t);
        var id = t.otherTicketId(); // new, nobody answered yet
        var version = versionOnPage(id, t.agent());
        var seen = queries.require(t.agent().actor(), id);

        // meanwhile Marc answers the customer (the ticket leaves New) and adds a note
        tickets.addMessage(id, new NewMessage("Could you send a screenshot?", false, List.of()), marc.actor());
        tickets.addMessage(id, new NewMessage("Probably the driver", true, List.of()), marc.actor());

        var saved = mvc.perform(form(id, version, seen, "impact", "DEPARTMENT").with(user(principal(t.agent()))))
                .andReturn().getResponse();
        assertThat(saved.getStatus()).isEqualTo(302);
        var now = queries.require(t.agent().actor(), id);
        assertThat(now.impact()).isEqualTo(Impact.DEPARTMENT);
        assertThat(now.status()).isEqualTo(Status.OPEN); // Marc's answer opened it: the form's stale "New" did not undo it
    }

    @Test
    void aRealConflictSaysWhoChangedWhichFieldToWhatInThePersonsLanguage() throws Exception {
        var t = fixtures.tenant("StaleField");
        var marc = colleague(t);
        var id = t.otherTicketId();
        var version = versionOnPage(id, t.agent());
        var seen = queries.require(t.agent().actor(), id);

        // Marc raises the urgency through his own form
        assertThat(mvc.perform(form(id, version, seen, "urgency", "HIGH").with(user(principal(marc))))
                .andReturn().getResponse().getStatus()).isEqualTo(302);

        // the agent, on the old page, sets the urgency to medium and the tags: refused, nothing saved
        assertThat(seen.urgency()).isEqualTo(Urgency.LOW);
        var refused = mvc.perform(form(id, version, seen, "urgency", "MEDIUM", "tags", "printer, urgent")
                .with(user(principal(t.agent())))).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(409);
        var page = refused.getContentAsString();
        assertThat(page).contains(marc.actor().name() + " changed the urgency: Low → High")
                .doesNotContain("URGENCY").doesNotContain("— → —");
        var now = queries.require(t.agent().actor(), id);
        assertThat(now.urgency()).isEqualTo(Urgency.HIGH);
        assertThat(now.tags()).isEmpty();

        // the same in French
        var french = mvc.perform(form(id, version, seen, "urgency", "MEDIUM").cookie(new Cookie("relais-lang", "fr"))
                .with(user(principal(t.agent())))).andReturn().getResponse();
        assertThat(french.getStatus()).isEqualTo(409);
        assertThat(french.getContentAsString()).contains(marc.actor().name() + " a changé l&#39;urgence : Basse → Haute");

        // a save of another field on that old page goes through, and keeps Marc's urgency
        var other = mvc.perform(form(id, version, seen, "impact", "ORGANIZATION").with(user(principal(t.agent()))))
                .andReturn().getResponse();
        assertThat(other.getStatus()).isEqualTo(302);
        assertThat(queries.require(t.agent().actor(), id).impact()).isEqualTo(Impact.ORGANIZATION);
        assertThat(queries.require(t.agent().actor(), id).urgency()).isEqualTo(Urgency.HIGH);
    }

    @Test
    void theApiMergesFieldByFieldAndNamesARealConflictInWords() throws Exception {
        var t = fixtures.tenant("StaleApi");
        var marc = colleague(t);
        var id = t.otherTicketId();
        var version = queries.require(t.agent().actor(), id).version();
        tickets.addMessage(id, new NewMessage("On it", false, List.of()), marc.actor());
        tickets.update(id, new TicketCommands.TicketUpdate(null, null, Status.PENDING_CUSTOMER, null, null, null, null,
                null, null, null, null), marc.actor());

        // another field than those changed meanwhile: applied
        var ok = mvc.perform(patch("/api/v1/tickets/" + id).header("Authorization", "Bearer " + t.agent().token())
                .contentType(MediaType.APPLICATION_JSON).content("{\"version\":" + version + ",\"urgency\":\"HIGH\"}"))
                .andReturn().getResponse();
        assertThat(ok.getStatus()).isEqualTo(200);
        assertThat(queries.require(t.agent().actor(), id).urgency()).isEqualTo(Urgency.HIGH);

        // the status Marc changed, set to something else: 409 with who changed it to what
        var conflict = mvc.perform(patch("/api/v1/tickets/" + id).header("Authorization", "Bearer " + t.agent().token())
                .contentType(MediaType.APPLICATION_JSON).content("{\"version\":" + version + ",\"status\":\"RESOLVED\"}"))
                .andReturn().getResponse();
        assertThat(conflict.getStatus()).isEqualTo(409);
        assertThat(conflict.getContentType()).startsWith("application/problem+json");
        var body = conflict.getContentAsString();
        assertThat(body).contains("\"field\":\"status\"")
                .contains(marc.actor().name() + " changed the status: New → Open")
                .contains(marc.actor().name() + " changed the status: Open → Pending customer")
                .doesNotContain("PENDING_CUSTOMER").doesNotContain("reply");
        assertThat(queries.require(t.agent().actor(), id).status()).isEqualTo(Status.PENDING_CUSTOMER);
    }
}
