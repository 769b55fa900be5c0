package io.relais.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Fixtures;
import io.relais.IntegrationTest;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rights change while people are signed in: a role or a group changed by an administrator, a person deactivated,
 * applies to open sessions and API tokens at their next request. And a use case refused for lack of rights or
 * for a bad password writes nothing.
 */
class StaleRightsTest extends IntegrationTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort int port;
    @Autowired Directory directory;
    @Autowired AgentsAndGroups agentsAndGroups;
    @Autowired JdbcClient jdbc;

    @Test
    void aDemotedAdministratorLosesTheAdminPagesOfTheOpenSession() throws Exception {
        var admin = admin("Demoted");
        var other = admin("Demoting");
        var browser = new Browser(port);
        assertThat(browser.login(admin.login(), Fixtures.PASSWORD)).isEqualTo("/");
        assertThat(browser.get("/admin/agents").statusCode()).isEqualTo(200);

        demote(other, admin);

        assertThat(browser.get("/admin/agents").statusCode()).isEqualTo(403);
        assertThat(browser.get("/admin/groups").statusCode()).isEqualTo(403);
        // still an agent: the workspace stays open
        assertThat(browser.get("/queues/open").statusCode()).isEqualTo(200);
    }

    @Test
    void aDemotedAdministratorsTokenLosesAdminRights() throws Exception {
        var admin = admin("Token demoted");
        var other = admin("Token demoting");
        assertThat(api(admin.token(), "GET", "/actuator/prometheus", null).statusCode()).isEqualTo(200);

        demote(other, admin);

        assertThat(api(admin.token(), "GET", "/actuator/prometheus", null).statusCode()).isEqualTo(403);
        assertThat(api(admin.token(), "POST", "/api/v1/groups", "{\"name\":\"Shadow " + System.nanoTime() + "\",\"level\":\"L1\"}")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void anAgentRemovedFromAGroupNoLongerSeesItsOrganizationsTickets() throws Exception {
        var t = fixtures.tenant("Regroup");
        var admin = admin("Regroup");
        var browser = new Browser(port);
        assertThat(browser.login(t.agent().login(), Fixtures.PASSWORD)).isEqualTo("/");
        assertThat(browser.get("/tickets/" + t.ticketId()).statusCode()).isEqualTo(200);
        assertThat(api(t.agent().token(), "GET", "/api/v1/tickets/" + t.ticketId(), null).statusCode()).isEqualTo(200);

        var put = api(admin.token(), "PUT", "/api/v1/agents/" + t.agent().id(), "{\"name\":\"Regrouped\",\"email\":\""
                + t.agent().login() + "\",\"role\":\"AGENT\",\"groupIds\":[]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        assertThat(browser.get("/tickets/" + t.ticketId()).statusCode()).isEqualTo(404);
        assertThat(api(t.agent().token(), "GET", "/api/v1/tickets/" + t.ticketId(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void aDeactivatedAgentsSessionEnds() throws Exception {
        var t = fixtures.tenant("Deactivated");
        var browser = new Browser(port);
        assertThat(browser.login(t.agent().login(), Fixtures.PASSWORD)).isEqualTo("/");
        assertThat(browser.get("/queues/open").statusCode()).isEqualTo(200);

        // no screen deactivates an agent yet: the column the directory reads
        jdbc.sql("update agent set active = false where id = ?").param(t.agent().id()).update();
        var after = browser.get("/queues/open");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(api(t.agent().token(), "GET", "/api/v1/tickets/" + t.ticketId(), null).statusCode()).isEqualTo(401);

        // signed out, not merely refused: reactivated, the old session is still gone
        jdbc.sql("update agent set active = true where id = ?").param(t.agent().id()).update();
        assertThat(browser.get("/queues/open").statusCode()).isEqualTo(302);
    }

    @Test
    void aDeactivatedAccountsOpenSessionEndsAsItsTokenDoes() throws Exception {
        var t = fixtures.tenant("Closed");
        var browser = new Browser(port);
        assertThat(browser.login(t.customer().login(), Fixtures.PASSWORD)).doesNotContain("/login");
        assertThat(browser.get("/my/tickets/" + t.ticketId()).statusCode()).isEqualTo(200);

        // the account itself, not the person behind it (the contact and its organization stay active)
        jdbc.sql("update account set active = false where id = ?").param(t.customer().accountId()).update();
        var after = browser.get("/my/tickets/" + t.ticketId());
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(api(t.customer().token(), "GET", "/api/v1/tickets/" + t.ticketId(), null).statusCode()).isEqualTo(401);
    }

    @Test
    void anAgentCreatingAContactWithALoginIsRefusedBeforeTheContactIsWritten() throws Exception {
        var t = fixtures.tenant("LoginRefused");
        var email = "with-login-" + System.nanoTime() + "@loginrefused.example";
        var r = api(t.agent().token(), "POST", "/api/v1/contacts", "{\"organizationId\":" + t.organizationId()
                + ",\"name\":\"Sneaky\",\"email\":\"" + email + "\",\"password\":\"long-enough-password\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(directory.searchContacts(Actor.system("test"), email, null, 10)).isEmpty();
        assertThat(browserLogin(email, "long-enough-password")).isEqualTo("/login?error");
    }

    @Test
    void aRefusedPasswordLeavesNoContactAndNoAgentBehind() throws Exception {
        var t = fixtures.tenant("ShortPassword");
        var admin = admin("ShortPassword");
        var email = "short-" + System.nanoTime() + "@shortpassword.example";
        var contact = api(admin.token(), "POST", "/api/v1/contacts", "{\"organizationId\":" + t.organizationId()
                + ",\"name\":\"Short\",\"email\":\"" + email + "\",\"password\":\"short\"}");
        assertThat(contact.statusCode()).as(contact.body()).isEqualTo(422);
        assertThat(directory.searchContacts(Actor.system("test"), email, null, 10)).isEmpty();

        var taken = api(admin.token(), "POST", "/api/v1/contacts", "{\"organizationId\":" + t.organizationId()
                + ",\"name\":\"Twin\",\"email\":\"" + email + "\",\"otherEmails\":[],\"password\":\"long-enough-password\"}");
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(201);
        var twin = "twin-" + email;
        // the login (the e-mail address) is free, but the agent's own login is already used: nothing is written
        var agent = api(admin.token(), "POST", "/api/v1/agents", "{\"name\":\"Twin agent\",\"email\":\"" + email
                + "\",\"role\":\"AGENT\",\"password\":\"long-enough-password\"}");
        assertThat(agent.statusCode()).as(agent.body()).isEqualTo(409);
        assertThat(agentsAndGroups.agents()).noneMatch(a -> a.email().equalsIgnoreCase(email));
        var shortAgent = api(admin.token(), "POST", "/api/v1/agents", "{\"name\":\"Short agent\",\"email\":\"" + twin
                + "\",\"role\":\"AGENT\",\"password\":\"short\"}");
        assertThat(shortAgent.statusCode()).as(shortAgent.body()).isEqualTo(422);
        assertThat(agentsAndGroups.agents()).noneMatch(a -> a.email().equalsIgnoreCase(twin));
    }

    private Fixtures.Person admin(String label) {
        return fixtures.agent(label + " admin", label.toLowerCase().replace(' ', '-') + "-" + System.nanoTime() + "@relais.example",
                Role.ADMIN, Set.of());
    }

    private void demote(Fixtures.Person by, Fixtures.Person who) throws Exception {
        var r = api(by.token(), "PUT", "/api/v1/agents/" + who.id(), "{\"name\":\"Former admin\",\"email\":\"" + who.login()
                + "\",\"role\":\"AGENT\",\"groupIds\":[]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private String browserLogin(String login, String password) throws Exception {
        return new Browser(port).login(login, password);
    }

    private HttpResponse<String> api(String token, String method, String path, String body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
