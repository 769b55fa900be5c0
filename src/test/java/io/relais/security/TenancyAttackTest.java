package io.relais.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.relais.Fixtures.Person;
import io.relais.Fixtures.Tenant;
import io.relais.IntegrationTest;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.TicketReads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Two organizations, A and B. Everyone of A (an agent serving only A, a customer of A, A's
 * organization manager) tries every route on B's objects, through the API and the workspace, and
 * tries to smuggle B's ids into A's own payloads. Every attempt must be refused, and no answer may
 * carry B's words: an object of B answers exactly like an object that does not exist.
 */
class TenancyAttackTest extends IntegrationTest {
    private static final long MISSING = 987_654_321L;
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired TicketReads queries;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    record Attack(String route, String method, String path, String body) {}

    /** Routes on B's objects, and A's routes carrying B's ids. {@code %B} marks where a missing id would stand. */
    static List<Attack> apiAttacks(Tenant a, Tenant b) {
        var t = b.ticketId();
        var list = new ArrayList<Attack>();
        list.add(new Attack("get ticket", "GET", "/api/v1/tickets/" + t, null));
        list.add(new Attack("articles", "GET", "/api/v1/tickets/" + t + "/articles", null));
        list.add(new Attack("timeline", "GET", "/api/v1/tickets/" + t + "/timeline", null));
        list.add(new Attack("attachments", "GET", "/api/v1/tickets/" + t + "/attachments", null));
        list.add(new Attack("links", "GET", "/api/v1/tickets/" + t + "/links", null));
        list.add(new Attack("download", "GET", "/api/v1/tickets/" + t + "/attachments/" + b.publicAttachmentId(), null));
        list.add(new Attack("download through own ticket", "GET", "/api/v1/tickets/" + a.ticketId() + "/attachments/" + b.publicAttachmentId(), null));
        list.add(new Attack("update", "PATCH", "/api/v1/tickets/" + t, "{\"status\":\"OPEN\"}"));
        list.add(new Attack("reply", "POST", "/api/v1/tickets/" + t + "/replies", "{\"body\":\"hi\"}"));
        list.add(new Attack("call", "POST", "/api/v1/tickets/" + t + "/calls", "{\"direction\":\"INBOUND\",\"summary\":\"x\"}"));
        list.add(new Attack("link from B", "POST", "/api/v1/tickets/" + t + "/links", "{\"targetTicketId\":" + a.ticketId() + ",\"kind\":\"RELATED\"}"));
        list.add(new Attack("link to B", "POST", "/api/v1/tickets/" + a.ticketId() + "/links", "{\"targetTicketId\":" + t + ",\"kind\":\"RELATED\"}"));
        list.add(new Attack("merge B", "POST", "/api/v1/tickets/" + t + "/merge", "{\"targetTicketId\":" + a.ticketId() + "}"));
        list.add(new Attack("merge into B", "POST", "/api/v1/tickets/" + a.ticketId() + "/merge", "{\"targetTicketId\":" + t + "}"));
        list.add(new Attack("requester of B in new ticket", "POST", "/api/v1/tickets", "{\"subject\":\"x\",\"requesterId\":" + b.customer().id() + "}"));
        list.add(new Attack("requester of B in update", "PATCH", "/api/v1/tickets/" + a.ticketId(), "{\"requesterId\":" + b.customer().id() + "}"));
        list.add(new Attack("contact", "GET", "/api/v1/contacts/" + b.customer().id(), null));
        list.add(new Attack("update contact", "PUT", "/api/v1/contacts/" + b.customer().id(), "{\"name\":\"x\",\"email\":\"x@x.example\"}"));
        list.add(new Attack("contact in B", "POST", "/api/v1/contacts", "{\"organizationId\":" + b.organizationId() + ",\"name\":\"x\",\"email\":\"spy@x.example\"}"));
        list.add(new Attack("organization", "GET", "/api/v1/organizations/" + b.organizationId(), null));
        return list;
    }

    static List<Attack> listings(Tenant b) {
        return List.of(
                new Attack("list by organization", "GET", "/api/v1/tickets?organizationId=" + b.organizationId(), null),
                new Attack("list by requester", "GET", "/api/v1/tickets?requesterId=" + b.customer().id(), null),
                new Attack("list by words", "GET", "/api/v1/tickets?q=" + b.secretWord(), null),
                new Attack("list by assignee", "GET", "/api/v1/tickets?assigneeId=" + b.agent().id(), null),
                new Attack("contacts by words", "GET", "/api/v1/contacts?q=" + b.label(), null),
                new Attack("contacts by organization", "GET", "/api/v1/contacts?organizationId=" + b.organizationId(), null),
                new Attack("organizations", "GET", "/api/v1/organizations", null));
    }

    @TestFactory
    Stream<DynamicTest> apiRoutesOnAnotherOrganizationAnswerLikeMissingObjects() {
        var a = fixtures.tenant("Alpha");
        var b = fixtures.tenant("Bravo");
        var attackers = List.of(a.agent(), a.customer(), a.manager());
        return attackers.stream().flatMap(attacker -> apiAttacks(a, b).stream().map(attack ->
                DynamicTest.dynamicTest(role(a, attacker) + ": " + attack.route(), () -> {
                    var before = MatrixWorlds.snapshot(jdbc, b);
                    var response = send(attacker, attack.method(), attack.path(), attack.body());
                    assertThat(response.statusCode()).as(attack.path())
                            .isIn(404, 422, 403);
                    assertNoTraceOf(b, response.body());
                    // Whatever the refusal (404, and 403 or 422 too): the same answer as for ids that do not exist at all,
                    // in the path and in the body.
                    var missing = send(attacker, attack.method(), missing(attack.path(), b),
                            attack.body() == null ? null : missing(attack.body(), b));
                    assertThat(missing.statusCode()).as("%s: %s, for missing ids: %s", attack.path(), response.body(), missing.body())
                            .isEqualTo(response.statusCode());
                    assertThat(normalize(response.body())).as(attack.path()).isEqualTo(normalize(missing.body()));
                    // and B's data is as it was
                    assertThat(MatrixWorlds.snapshot(jdbc, b)).as("B after " + attack.route()).isEqualTo(before);
                })));
    }

    /** The request with each of B's ids replaced by one that names nothing. */
    private static String missing(String text, Tenant b) {
        for (var id : List.of(b.ticketId(), b.customer().id(), b.organizationId(), b.publicAttachmentId())) {
            text = text.replaceAll("\\b" + id + "\\b", Long.toString(MISSING));
        }
        return text;
    }

    @TestFactory
    Stream<DynamicTest> listingsNeverShowAnotherOrganization() {
        var a = fixtures.tenant("Charlie");
        var b = fixtures.tenant("Delta");
        return Stream.of(a.agent(), a.customer(), a.manager()).flatMap(attacker -> listings(b).stream().map(attack ->
                DynamicTest.dynamicTest(role(a, attacker) + ": " + attack.route(), () -> {
                    var response = send(attacker, attack.method(), attack.path(), null);
                    assertThat(response.statusCode()).isIn(200, 403);
                    assertNoTraceOf(b, response.body());
                    // the same listing on the caller's own organization is not empty: A's row is there
                    var own = listings(a).stream().filter(l -> l.route().equals(attack.route())).findFirst().orElseThrow();
                    var mine = send(attacker, own.method(), own.path(), null);
                    var expected = ownRow(a, attacker, attack.route());
                    if (expected != null) {
                        assertThat(mine.statusCode()).as(own.path()).isEqualTo(200);
                        assertThat(mine.body()).as("%s finds its own row on %s", role(a, attacker), own.path()).contains(expected);
                    }
                })));
    }

    /** What the caller must find of its own organization on a listing (null: the listing is not the caller's). */
    private static String ownRow(Tenant a, Person caller, String route) {
        if (route.startsWith("list by")) {
            return "Printer " + a.secretWord();
        }
        if (caller != a.agent()) {
            return null; // contacts and organizations are the desk's listings
        }
        return route.startsWith("contacts") ? a.customer().login() : "\"id\":" + a.organizationId() + ",";
    }

    @TestFactory
    Stream<DynamicTest> customersSeeOnlyTheirOwnTicketsUnlessManager() {
        var a = fixtures.tenant("Echo");
        return Stream.of(
                DynamicTest.dynamicTest("customer: colleague's ticket is missing", () ->
                        assertThat(send(a.customer(), "GET", "/api/v1/tickets/" + a.otherTicketId(), null).statusCode()).isEqualTo(404)),
                DynamicTest.dynamicTest("customer: own ticket is there, without internal notes", () -> {
                    var r = send(a.customer(), "GET", "/api/v1/tickets/" + a.ticketId() + "/articles", null);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.body()).contains("We look at it").doesNotContain("Internal: cable");
                }),
                DynamicTest.dynamicTest("customer: internal attachment is missing", () ->
                        assertThat(send(a.customer(), "GET", "/api/v1/tickets/" + a.ticketId() + "/attachments/"
                                + a.internalAttachmentId(), null).statusCode()).isEqualTo(404)),
                DynamicTest.dynamicTest("customer: listing holds only own tickets", () -> {
                    var r = send(a.customer(), "GET", "/api/v1/tickets", null);
                    assertThat(r.body()).contains("Printer " + a.secretWord()).doesNotContain("VPN " + a.secretWord());
                }),
                DynamicTest.dynamicTest("manager: sees the colleague's ticket", () ->
                        assertThat(send(a.manager(), "GET", "/api/v1/tickets/" + a.otherTicketId(), null).statusCode()).isEqualTo(200)),
                DynamicTest.dynamicTest("customer: cannot list agents", () ->
                        assertThat(send(a.customer(), "GET", "/api/v1/agents", null).statusCode()).isEqualTo(403)));
    }

    /** The workspace routes, with A's agent signed in (session and CSRF as in a browser). */
    @TestFactory
    Stream<DynamicTest> workspaceRoutesOnAnotherOrganizationAreMissing() throws Exception {
        var a = fixtures.tenant("Foxtrot");
        var b = fixtures.tenant("Golf");
        var agent = principal(a.agent(), "AGENT");
        var countsBefore = mvc.perform(get("/queues/counts").with(user(agent))).andReturn().getResponse().getContentAsString();
        fixtures.tenant("Golf"); // more tickets elsewhere must not move A's counts
        var t = b.ticketId();
        List<MockHttpServletRequestBuilder> missing = List.of(
                get("/tickets/" + t), get("/tickets/" + t + "/attachments/" + b.publicAttachmentId()),
                get("/tickets/" + a.ticketId() + "/attachments/" + b.publicAttachmentId()),
                get("/tickets/number/" + queries.ticket(b.agent().actor(), t).orElseThrow().number().value()),
                post("/tickets/" + t + "/fields").param("status", "OPEN"), post("/tickets/" + t + "/reply").param("body", "x"),
                post("/tickets/" + t + "/note").param("body", "x"), post("/tickets/" + t + "/call").param("direction", "INBOUND").param("summary", "x"),
                post("/tickets/" + t + "/assign-to-me"), post("/tickets/" + t + "/links").param("target", "1").param("kind", "RELATED"),
                post("/tickets/" + t + "/merge").param("target", "1"));
        var tests = new ArrayList<DynamicTest>();
        for (var request : missing) {
            var built = request.with(user(agent)).with(csrf());
            tests.add(DynamicTest.dynamicTest("agent UI: " + built.buildRequest(new org.springframework.mock.web.MockServletContext()).getRequestURI(), () -> {
                var r = mvc.perform(built).andReturn().getResponse();
                assertThat(r.getStatus()).isEqualTo(404);
                assertNoTraceOf(b, r.getContentAsString());
            }));
        }
        tests.add(DynamicTest.dynamicTest("agent UI: B's requester in a new ticket", () -> {
            var r = mvc.perform(post("/tickets").param("subject", "x").param("requesterId", Long.toString(b.customer().id()))
                    .with(user(agent)).with(csrf())).andReturn().getResponse();
            assertThat(r.getStatus()).isEqualTo(422);
            assertNoTraceOf(b, r.getContentAsString());
        }));
        tests.add(DynamicTest.dynamicTest("agent UI: contact in B", () -> {
            var r = mvc.perform(post("/contacts").param("organizationId", Long.toString(b.organizationId())).param("name", "spy")
                    .param("email", "spy2@x.example").with(user(agent)).with(csrf())).andReturn().getResponse();
            assertThat(r.getStatus()).isEqualTo(422);
        }));
        for (var path : List.of("/queues/all?text=" + b.secretWord(), "/queues/all?org=" + b.organizationId(),
                "/contacts/lookup?q=" + b.label(), "/queues/open", "/admin/contacts?q=" + b.label())) {
            tests.add(DynamicTest.dynamicTest("agent UI listing: " + path, () -> {
                var r = mvc.perform(get(path).with(user(agent))).andReturn().getResponse();
                assertThat(r.getStatus()).isIn(200, 403);
                assertNoTraceOf(b, r.getContentAsString());
            }));
        }
        tests.add(DynamicTest.dynamicTest("agent UI: counts ignore other organizations", () ->
                assertThat(mvc.perform(get("/queues/counts").with(user(agent))).andReturn().getResponse().getContentAsString())
                        .isEqualTo(countsBefore)));
        var customer = principal(a.customer(), "CUSTOMER");
        tests.add(DynamicTest.dynamicTest("customer UI: B's ticket", () ->
                assertThat(mvc.perform(get("/my/tickets/" + t).with(user(customer))).andReturn().getResponse().getStatus()).isEqualTo(404)));
        tests.add(DynamicTest.dynamicTest("customer UI: colleague's ticket", () ->
                assertThat(mvc.perform(get("/my/tickets/" + a.otherTicketId()).with(user(customer))).andReturn().getResponse().getStatus()).isEqualTo(404)));
        tests.add(DynamicTest.dynamicTest("customer UI: an agent page", () ->
                assertThat(mvc.perform(get("/tickets/" + a.ticketId()).with(user(customer))).andReturn().getResponse().getStatus()).isEqualTo(403)));
        return tests.stream();
    }

    private static AccountPrincipal principal(Person p, String role) {
        var agent = "AGENT".equals(role);
        return new AccountPrincipal(p.accountId(), p.login(), null, agent ? p.id() : null, agent ? null : p.id(), "en", role, true);
    }

    private HttpResponse<String> send(Person who, String method, String path, String body) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + who.token())
                .header("Accept", "application/json");
        if (body != null) {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** B's subjects, messages, people and team never appear (the attacker's own search words may be echoed). */
    private static void assertNoTraceOf(Tenant b, String body) {
        assertThat(body).doesNotContain("Printer " + b.secretWord()).doesNotContain("VPN " + b.secretWord())
                .doesNotContain("look at it " + b.secretWord()).doesNotContain("cable " + b.secretWord())
                .doesNotContain(b.label() + " ").doesNotContain(b.customer().login()).doesNotContain("Team " + b.label());
    }

    private static String normalize(String body) {
        // the problem's instance is the request's path: its ids differ, nothing else may
        return body.replaceAll("\\d+", "N");
    }

    private static String role(Tenant a, Person p) {
        return p == a.agent() ? "agent" : p == a.customer() ? "customer" : "manager";
    }

}
