package io.relais.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.relais.Fixtures.Person;
import io.relais.Fixtures.Tenant;
import io.relais.IntegrationTest;
import io.relais.common.NotFoundException;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.ContactChange;
import io.relais.directory.DirectoryRecords.GroupForm;
import io.relais.directory.SupportLevel;
import io.relais.knowledge.KbEditor;
import io.relais.knowledge.KbReads;
import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.knowledge.KbVersions;
import io.relais.problem.KnownErrors;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.TicketReads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The boundary around tickets, attacked where the independent attack found it leaking: contact privileges through
 * the API, knowledge-base history, call logs, what a customer may set on a new ticket, counts and lists of other
 * clients' teams, and a write that happened before the refusal.
 */
class BoundaryAttackTest extends IntegrationTest {
    private static final Actor SYSTEM = Actor.system("test admin");
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired Directory directory;
    @Autowired AgentsAndGroups agentsAndGroups;
    @Autowired KbReads reads;
    @Autowired KbEditor editor;
    @Autowired KbVersions versions;
    @Autowired KnownErrors knownErrors;
    @Autowired TicketReads queries;
    @Autowired JdbcClient jdbc;

    // ---- 1.2 contact privileges

    @Test
    void anAgentCannotMakeACustomerAManagerOrVipThroughTheApiAndAPutKeepsWhatItOmits() throws Exception {
        var a = fixtures.tenant("Priv");
        var admin = admin();
        var promote = send(a.agent(), "PUT", "/api/v1/contacts/" + a.customer().id(), "{\"orgManager\":true}");
        assertThat(promote.statusCode()).isEqualTo(403);
        assertThat(send(a.agent(), "PUT", "/api/v1/contacts/" + a.customer().id(), "{\"vip\":true}").statusCode()).isEqualTo(403);
        assertThat(send(a.agent(), "PATCH", "/api/v1/contacts/" + a.customer().id(), "{\"vip\":true,\"orgManager\":true}")
                .statusCode()).isEqualTo(403);
        var created = send(a.agent(), "POST", "/api/v1/contacts", "{\"organizationId\":" + a.organizationId()
                + ",\"name\":\"Boss\",\"email\":\"boss-" + System.nanoTime() + "@x.example\",\"orgManager\":true}");
        assertThat(created.statusCode()).isEqualTo(403);
        var customer = directory.contact(SYSTEM, a.customer().id()).orElseThrow();
        assertThat(customer.orgManager()).isFalse();
        assertThat(customer.vip()).isFalse();

        // The manager keeps their rights when an agent renames them without mentioning those fields.
        var renamed = send(a.agent(), "PUT", "/api/v1/contacts/" + a.manager().id(), "{\"name\":\"Renamed manager\"}");
        assertThat(renamed.statusCode()).isEqualTo(200);
        var manager = directory.contact(SYSTEM, a.manager().id()).orElseThrow();
        assertThat(manager.orgManager()).isTrue();
        assertThat(manager.name()).isEqualTo("Renamed manager");
        assertThat(manager.email()).isEqualTo(a.manager().login());
        assertThat(manager.language()).isEqualTo("en");
        // Sending the same value is no change: allowed.
        assertThat(send(a.agent(), "PUT", "/api/v1/contacts/" + a.manager().id(), "{\"orgManager\":true}").statusCode())
                .isEqualTo(200);

        // An administrator may, and the contact's history says who did.
        assertThat(send(admin, "PUT", "/api/v1/contacts/" + a.customer().id(), "{\"vip\":true}").statusCode()).isEqualTo(200);
        var history = json.readTree(send(admin, "GET", "/api/v1/contacts/" + a.customer().id() + "/history", null).body());
        assertThat(history.toString()).contains(ContactChange.VIP_SET.name()).contains(admin.actor().name());
    }

    // ---- 1.7 order of checks

    @Test
    void aContactWithAPasswordIsRefusedToANonAdministratorBeforeAnythingIsWritten() throws Exception {
        var a = fixtures.tenant("Order");
        var name = "Would-be login " + System.nanoTime();
        var r = send(a.agent(), "POST", "/api/v1/contacts", "{\"organizationId\":" + a.organizationId() + ",\"name\":\"" + name
                + "\",\"email\":\"login-" + System.nanoTime() + "@x.example\",\"password\":\"a-long-enough-password\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(directory.searchContacts(SYSTEM, name, null, 10)).isEmpty();
        // an administrator with a password too short: the contact is not created either (both or neither)
        var shortName = "Short password " + System.nanoTime();
        var refused = send(admin(), "POST", "/api/v1/contacts", "{\"organizationId\":" + a.organizationId() + ",\"name\":\""
                + shortName + "\",\"email\":\"short-" + System.nanoTime() + "@x.example\",\"password\":\"short\"}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(directory.searchContacts(SYSTEM, shortName, null, 10)).isEmpty();
    }

    // ---- 1.3 knowledge-base history

    @Test
    void textWrittenWhileAnArticleWasRestrictedToBStaysBsAfterItIsWidened() throws Exception {
        var a = fixtures.tenant("KbA");
        var b = fixtures.tenant("KbB");
        var secret = "zqkbsecret" + System.nanoTime();
        var article = editor.create(b.agent().actor(), new ArticleForm("en", Kind.PROCEDURE, null, "Router reset",
                "B's private procedure: password " + secret, "", Visibility.INTERNAL, Set.of(b.organizationId()), null, Set.of(),
                null, null));
        var widened = editor.update(SYSTEM, article.id(), new ArticleForm("en", Kind.PROCEDURE, null, "Router reset",
                "Generic procedure for every client", "", Visibility.INTERNAL, Set.of(), null, Set.of(), null, article.version()));
        var agentA = a.agent().actor();
        // A sees the article now, and only the version written for everyone
        assertThat(reads.require(agentA, article.id()).body()).doesNotContain(secret);
        assertThat(versions.versions(agentA, article.id())).extracting(v -> v.version()).containsExactly(widened.version());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> versions.version(agentA, article.id(), 1)).isInstanceOf(NotFoundException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> versions.diff(agentA, article.id(), 1, 2)).isInstanceOf(NotFoundException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> versions.restore(agentA, article.id(), 1)).isInstanceOf(NotFoundException.class);
        // and through the pages
        var agent = principal(a.agent(), "AGENT");
        assertThat(mvc.perform(get("/kb/" + article.id() + "/versions/1").with(user(agent))).andReturn().getResponse().getStatus())
                .isEqualTo(404);
        var diff = mvc.perform(get("/kb/" + article.id() + "/diff").param("from", "1").param("to", "2").with(user(agent)))
                .andReturn().getResponse();
        assertThat(diff.getStatus()).isEqualTo(404);
        assertThat(diff.getContentAsString()).doesNotContain(secret);
        assertThat(mvc.perform(get("/kb/" + article.id()).with(user(agent))).andReturn().getResponse().getContentAsString())
                .doesNotContain(secret);
        // B's agent still reads the whole history
        assertThat(versions.versions(b.agent().actor(), article.id())).hasSize(2);
        assertThat(versions.version(b.agent().actor(), article.id(), 1).body()).contains(secret);
    }

    // ---- 1.4 call logs

    @Test
    void callLogsAreForTheTeamUnlessAnAgentSharesOne() throws Exception {
        var a = fixtures.tenant("Calls");
        var hidden = send(a.agent(), "POST", "/api/v1/tickets/" + a.ticketId() + "/calls",
                "{\"direction\":\"OUTBOUND\",\"number\":\"+33 6 98 76 54 32\",\"durationSeconds\":420,"
                        + "\"summary\":\"zqcallsecret: customer was rude, manager informed\"}");
        assertThat(hidden.statusCode()).isEqualTo(201);
        var shared = send(a.agent(), "POST", "/api/v1/tickets/" + a.ticketId() + "/calls",
                "{\"direction\":\"INBOUND\",\"durationSeconds\":60,\"summary\":\"zqcallshared: restart planned at noon\",\"shared\":true}");
        assertThat(shared.statusCode()).isEqualTo(201);
        var customerArticles = send(a.customer(), "GET", "/api/v1/tickets/" + a.ticketId() + "/articles", null).body();
        assertThat(customerArticles).doesNotContain("zqcallsecret").doesNotContain("98 76 54 32").contains("zqcallshared");
        var page = mvc.perform(get("/my/tickets/" + a.ticketId()).with(user(principal(a.customer(), "CUSTOMER"))))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("zqcallsecret").doesNotContain("98 76 54 32").contains("zqcallshared");
        var search = send(a.customer(), "GET", "/api/v1/tickets?q=zqcallsecret", null).body();
        assertThat(search).doesNotContain(a.secretWord());
        // the team reads both
        var agentArticles = send(a.agent(), "GET", "/api/v1/tickets/" + a.ticketId() + "/articles", null).body();
        assertThat(agentArticles).contains("zqcallsecret").contains("zqcallshared");
    }

    // ---- 1.5 what a customer may set

    @Test
    void aCustomerChoosesTheCategoryAndSaysHowUrgentButImpactTagsAndChannelAreTheDesks() throws Exception {
        var a = fixtures.tenant("CustSet");
        for (var field : new String[] {"\"impact\":\"ORGANIZATION\"", "\"tags\":[\"vip\"]", "\"channel\":\"EMAIL\"",
                "\"impact\":\"ORGANIZATION\",\"urgency\":\"HIGH\""}) {
            var r = send(a.customer(), "POST", "/api/v1/tickets", "{\"subject\":\"Everything is down\"," + field + "}");
            assertThat(r.statusCode()).as(field).isEqualTo(422);
        }
        var ok = send(a.customer(), "POST", "/api/v1/tickets", "{\"subject\":\"Printer jammed\",\"urgency\":\"HIGH\"}");
        assertThat(ok.statusCode()).isEqualTo(201);
        JsonNode t = json.readTree(ok.body());
        assertThat(t.get("urgency").asText()).isEqualTo("MEDIUM");
        assertThat(t.get("impact").asText()).isEqualTo("USER");
        assertThat(t.get("priority").asText()).isNotEqualTo("P1");
        assertThat(t.get("customerUrgency").asText()).isEqualTo("HIGH");
        assertThat(t.get("channel").asText()).isEqualTo("API");
        // the agent sees what the customer said
        var page = mvc.perform(get("/tickets/" + t.get("id").asLong()).with(user(principal(a.agent(), "AGENT"))))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"customer-urgency\"").contains("Urgency for the customer");
        // an agent still sets every field
        var byAgent = send(a.agent(), "POST", "/api/v1/tickets", "{\"subject\":\"Site down\",\"requesterId\":" + a.customer().id()
                + ",\"impact\":\"ORGANIZATION\",\"urgency\":\"HIGH\",\"tags\":[\"outage\"]}");
        assertThat(byAgent.statusCode()).isEqualTo(201);
        assertThat(json.readTree(byAgent.body()).get("priority").asText()).isEqualTo("P1");
    }

    // ---- 1.6 metadata

    @Test
    void countsAndListsOfTeamsSayNothingOfOtherClients() throws Exception {
        var a = fixtures.tenant("MetaA");
        var b = fixtures.tenant("MetaB");
        // a known error for every client, with a ticket of A and two of B
        var ke = knownErrors.create(SYSTEM, new KnownErrors.Form("VPN drops " + System.nanoTime(), "VPN drops every hour",
                null, null, null, null));
        knownErrors.link(SYSTEM, ke.id(), a.ticketId());
        knownErrors.link(SYSTEM, ke.id(), b.ticketId());
        knownErrors.link(SYSTEM, ke.id(), b.otherTicketId());
        assertThat(knownErrors.get(a.agent().actor(), ke.id()).tickets()).isEqualTo(1);
        assertThat(knownErrors.list(a.agent().actor(), false)).filteredOn(k -> k.id() == ke.id()).extracting(k -> k.tickets())
                .containsExactly(1);
        assertThat(knownErrors.get(SYSTEM, ke.id()).tickets()).isEqualTo(3);
        var page = mvc.perform(get("/known-errors/" + ke.id()).with(user(principal(a.agent(), "AGENT")))).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).doesNotContain(">3<");

        // B's dedicated team (and its agent) is not listed to A's agent; a team serving everyone is
        var everyone = agentsAndGroups.createGroup(SYSTEM, new GroupForm("Everyone desk " + System.nanoTime(), SupportLevel.L2, true,
                Set.of(), null));
        var groups = send(a.agent(), "GET", "/api/v1/groups", null).body();
        assertThat(groups).contains("\"id\":" + a.groupId() + ",").doesNotContain("\"id\":" + b.groupId() + ",")
                .contains(everyone.name());
        assertThat(send(a.agent(), "GET", "/api/v1/groups/" + b.groupId(), null).statusCode()).isEqualTo(404);
        var agents = send(a.agent(), "GET", "/api/v1/agents", null).body();
        assertThat(agents).contains(a.agent().login()).doesNotContain(b.agent().login());
        assertThat(send(a.agent(), "GET", "/api/v1/agents/" + b.agent().id(), null).statusCode()).isEqualTo(404);
        // an administrator sees them all
        var admin = admin();
        assertThat(send(admin, "GET", "/api/v1/groups", null).body()).contains("\"id\":" + b.groupId() + ",");
        assertThat(send(admin, "GET", "/api/v1/agents", null).body()).contains(b.agent().login());
    }

    private Person admin() {
        var n = System.nanoTime();
        return fixtures.agent("Admin " + n, "admin-" + n + "@desk.example", Role.ADMIN, Set.of());
    }

    private static AccountPrincipal principal(Person p, String role) {
        var agent = !"CUSTOMER".equals(role);
        return new AccountPrincipal(p.accountId(), p.login(), null, agent ? p.id() : null, agent ? null : p.id(), "en", role, true);
    }

    private HttpResponse<String> send(Person who, String method, String path, String body) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + who.token()).header("Accept", "application/json");
        if (body != null) {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
