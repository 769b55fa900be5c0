package io.relais.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Fixtures;
import io.relais.Fixtures.Person;
import io.relais.IntegrationTest;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.AgentForm;
import io.relais.directory.DirectoryRecords.GroupForm;
import io.relais.directory.SupportLevel;
import io.relais.knowledge.CheckRuns;
import io.relais.knowledge.CheckTreeEditor;
import io.relais.knowledge.KbEditor;
import io.relais.knowledge.KbFiles;
import io.relais.problem.KnownErrors;
import io.relais.security.Caller.Answer;
import io.relais.security.Caller.Body;
import io.relais.security.MatrixWorlds.World;
import io.relais.ticket.TicketLinks;
import io.relais.ticket.TicketService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route of the application, attacked with another client's objects. The routes come from Spring's own list
 * (every handler method's patterns and HTTP methods, pages and {@code /api/v1} alike), so a route added tomorrow is
 * attacked without anyone adding it here:
 *
 * <ul>
 *   <li>a route whose path names a client's object ({@link RouteTable#objectNamed}) is called by each attacker with
 *       the object of organization B, and again with an id that names nothing: the two answers must be the same
 *       (status, redirect, body apart from the ids; after a redirect, the page it leads to), carry no word of B, and
 *       B must be exactly as before (a snapshot of everything of B a write could change). With two ids in the path,
 *       the attacker's own object stands first and B's second. A route that takes ids in its body or query (a
 *       requester, an organization, a link target) is also called on the attacker's own objects with B's ids there;</li>
 *   <li>the same request made by the owner (organization C's own people) must succeed, so that a refusal is never
 *       only the answer to a malformed request; and a member of a group serving every organization reads B;</li>
 *   <li>{@code /admin/**} is refused by its URL to everyone but administrators, whatever the id;</li>
 *   <li>a route the matrix cannot classify fails with its name: it needs a decision in {@link RouteTable}.</li>
 * </ul>
 *
 * <p>The rule for every refusal, whatever its status: <b>a foreign object answers exactly like a missing one</b>. The
 * code's intent ({@code ApiProblems}, {@code PageErrors}) is 404 for an object the caller may not see; a 403 comes
 * only from a role rule that does not look at the id (a customer on an agent's page), and a 422 only from a body
 * naming an object the caller cannot see ("unknown ticket"), both the same for a missing object.
 */
class RouteMatrixTest extends IntegrationTest {
    private static final Actor SYSTEM = Actor.system("route matrix");
    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(?::[^}]*)?}");

    @LocalServerPort int port;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;
    @Autowired JdbcClient jdbc;
    @Autowired Directory directory;
    @Autowired AgentsAndGroups agentsAndGroups;
    @Autowired KbEditor kb;
    @Autowired KbFiles kbFiles;
    @Autowired CheckTreeEditor checks;
    @Autowired CheckRuns runs;
    @Autowired KnownErrors knownErrors;
    @Autowired TicketService tickets;
    @Autowired TicketLinks ticketLinks;
    @Autowired ApiTokens apiTokens;

    /** One route as Spring maps it: method ({@code *} for any), pattern, and what it consumes when it says. */
    record Route(String method, String pattern, String consumes) {
        String key() {
            return method + " " + pattern + (consumes.isEmpty() ? "" : " " + consumes);
        }

        List<String> variables() {
            var out = new ArrayList<String>();
            var m = VARIABLE.matcher(pattern);
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }
    }

    /** An attacker: who, what they are, and whether the rights they signed in with were taken away since. */
    record Attacker(Caller caller, boolean deactivated) {}

    List<Route> routes() {
        var out = new TreeMap<String, Route>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            var consumes = info.getConsumesCondition().getConsumableMediaTypes();
            var kind = consumes.stream().anyMatch(t -> t.isCompatibleWith(MediaType.MULTIPART_FORM_DATA)) ? "multipart"
                    : consumes.stream().anyMatch(t -> t.isCompatibleWith(MediaType.APPLICATION_JSON)) ? "json" : "";
            var methods = info.getMethodsCondition().getMethods().stream().map(Enum::name).toList();
            for (var pattern : info.getPatternValues()) {
                for (var method : methods.isEmpty() ? List.of("*") : methods) {
                    var route = new Route(method, pattern, kind);
                    out.put(route.key(), route);
                }
            }
        });
        return List.copyOf(out.values());
    }

    @TestFactory
    Stream<DynamicNode> everyRouteOnAnotherClientsObjectAnswersLikeAMissingOneAndChangesNothing() throws Exception {
        var worlds = new MatrixWorlds(fixtures, jdbc, tickets, ticketLinks, kb, kbFiles, checks, runs, knownErrors);
        var a = worlds.world("Alphamx");
        var b = worlds.world("Bravomx");
        var c = worlds.world("Charliemx");
        var n = Long.toString(System.nanoTime(), 36);

        // the attackers, signed in (a session) and with their token, before anything is taken from them
        var agentA = web(a.tenant().agent(), "agent of A");
        var customerA = web(a.tenant().customer(), "customer of A");
        var managerA = web(a.tenant().manager(), "organization manager of A");
        var supervisorA = web(fixtures.agent("Supervisor " + n, "supervisor-" + n + "@desk.example", Role.SUPERVISOR,
                Set.of(a.tenant().groupId())), "supervisor of A");
        var noGroup = web(fixtures.agent("Groupless " + n, "groupless-" + n + "@desk.example", Role.AGENT, Set.of()),
                "agent in no group");
        var removedPerson = fixtures.agent("Moved " + n, "moved-" + n + "@desk.example", Role.AGENT, Set.of(b.tenant().groupId()));
        var removed = web(removedPerson, "agent just removed from B's group");
        var deactivatedPerson = fixtures.agent("Leaver " + n, "leaver-" + n + "@desk.example", Role.AGENT,
                Set.of(b.tenant().groupId()));
        var deactivated = web(deactivatedPerson, "deactivated agent of B");
        var closedPerson = fixtures.customer(b.tenant().organizationId(), "Closed account " + n, "closed-" + n + "@desk.example", true);
        var closed = web(closedPerson, "manager of B whose account was deactivated");
        var everyone = agentsAndGroups.createGroup(SYSTEM, new GroupForm("Every client desk " + n, SupportLevel.L2, true, Set.of(), null));
        var allOrganizations = web(fixtures.agent("Everywhere " + n, "everywhere-" + n + "@desk.example", Role.AGENT,
                Set.of(everyone.id())), "member of a group serving every organization");
        // the owners, for the requests that must succeed
        var admin = web(fixtures.agent("Matrix admin " + n, "matrix-admin-" + n + "@desk.example", Role.ADMIN, Set.of()), "administrator");
        var owners = Map.of(RouteTable.By.AGENT, web(c.tenant().agent(), "agent of C"),
                RouteTable.By.CUSTOMER, web(c.tenant().customer(), "customer of C"), RouteTable.By.ADMIN, admin);

        // the stale ones saw B before
        for (var stale : List.of(removed, deactivated)) {
            assertThat(stale.get("/tickets/" + b.get("ticket")).status()).as(stale.name).isEqualTo(200);
            assertThat(stale.get("/api/v1/tickets/" + b.get("ticket")).status()).as(stale.name).isEqualTo(200);
        }
        assertThat(closed.get("/my/tickets/" + b.get("ticket")).status()).isEqualTo(200);
        assertThat(closed.get("/api/v1/tickets/" + b.get("ticket")).status()).isEqualTo(200);
        // ...then lose it: out of the group, the agent deactivated, the account deactivated
        agentsAndGroups.updateAgent(SYSTEM, removedPerson.id(), new AgentForm(removedPerson.actor().name(), removedPerson.login(),
                Role.AGENT, Set.of()));
        jdbc.sql("update agent set active = false where id = ?").param(deactivatedPerson.id()).update();
        jdbc.sql("update account set active = false where id = ?").param(closedPerson.accountId()).update();

        var attackers = List.of(new Attacker(agentA, false), new Attacker(customerA, false), new Attacker(managerA, false),
                new Attacker(supervisorA, false), new Attacker(noGroup, false), new Attacker(removed, false),
                new Attacker(deactivated, true), new Attacker(closed, true));
        var table = new RouteTable();
        var before = worlds.snapshot(b);
        var cases = new AtomicInteger();
        var counts = new TreeMap<String, Integer>();

        var nodes = new ArrayList<DynamicNode>();
        for (var route : routes()) {
            var decision = table.decide(route);
            counts.merge(decision.kind().name(), 1, Integer::sum);
            var tests = new ArrayList<DynamicTest>();
            switch (decision.kind()) {
                case UNCLASSIFIED -> tests.add(DynamicTest.dynamicTest("needs a decision", () -> {
                    throw new AssertionError("Route " + route.key() + " is not classified by the tenancy matrix: "
                            + decision.reason() + ". Name its objects in RouteTable.objectNamed, or list it in"
                            + " RouteTable.NOT_TENANT_SCOPED with the reason.");
                }));
                case NOT_TENANT_SCOPED -> { /* listed with its reason; listings are checked by ListingsTest */ }
                case ADMIN_ONLY -> {
                    for (var attacker : attackers) {
                        cases.incrementAndGet();
                        tests.add(DynamicTest.dynamicTest(attacker.caller().name, () -> {
                            var request = table.request(route, b, b, b);
                            var r = attacker.caller().send(route.method(), request.path(), request.body());
                            assertThat(r.status() == 403 || r.status() == 401 || r.toLogin())
                                    .as("%s on %s: %s", attacker.caller().name, request.path(), r).isTrue();
                            if (!attacker.deactivated() && !route.variables().isEmpty()) {
                                var missing = table.request(route, b.missing(), b, b);
                                assertSameAnswer(attacker.caller(), r, attacker.caller().send(route.method(), missing.path(),
                                        missing.body()), request.path());
                            }
                        }));
                    }
                }
                case TENANT -> {
                    var spec = decision.spec();
                    // the owner's own request succeeds (on C, with fresh objects when the request uses them up)
                    tests.add(DynamicTest.dynamicTest("owner (" + spec.by() + " of C) succeeds", () -> {
                        var world = spec.prepare() == null ? c : spec.prepare().apply(new Prepared(worlds, apiTokens), c);
                        var request = table.request(route, world, world, world);
                        var r = owners.get(spec.by()).send(route.method(), request.path(), request.body());
                        assertThat(r.success() || (r.status() / 100 == 3 && !r.toLogin()))
                                .as("the owner's %s %s: %s", route.method(), request.path(), r).isTrue();
                    }));
                    if ("GET".equals(route.method()) && spec.by() == RouteTable.By.AGENT) {
                        tests.add(DynamicTest.dynamicTest("a group serving every organization reads B", () -> {
                            for (var request : table.variants(route, a, b).stream().filter(v -> !v.mixed()).toList()) {
                                var r = allOrganizations.send(route.method(), request.attack().path(), request.attack().body());
                                assertThat(r.success() || (r.status() / 100 == 3 && !r.toLogin()))
                                        .as("%s: %s", request.attack().path(), r).isTrue();
                            }
                        }));
                    }
                    for (var attacker : attackers) {
                        for (var variant : table.variants(route, a, b)) {
                            cases.incrementAndGet();
                            tests.add(DynamicTest.dynamicTest(attacker.caller().name + " " + variant.name(), () ->
                                    attack(attacker, route, variant, b, worlds)));
                        }
                    }
                }
            }
            if (!tests.isEmpty()) {
                nodes.add(DynamicContainer.dynamicContainer(route.key(), tests));
            }
        }
        nodes.add(DynamicTest.dynamicTest("summary", () -> {
            System.out.printf("Route matrix: %d routes %s, %d (route x attacker) cases%n", routes().size(), counts, cases.get());
            assertThat(worlds.snapshot(b)).as("B after the whole matrix").isEqualTo(before);
            assertThat(table.unusedRequests(routes())).as("RouteTable entries naming no route").isEmpty();
        }));
        return nodes.stream();
    }

    /** The tools a preparation of the owner's world may use. */
    record Prepared(MatrixWorlds worlds, ApiTokens tokens) {}

    private void attack(Attacker attacker, Route route, RouteTable.Variant variant, World b, MatrixWorlds worlds)
            throws Exception {
        var caller = attacker.caller();
        var writes = !"GET".equals(route.method());
        var before = writes ? worlds.snapshot(b) : null;
        var r = caller.send(route.method(), variant.attack().path(), variant.attack().body());
        var where = caller.name + " " + route.method() + " " + variant.attack().path();
        if (attacker.deactivated()) {
            // their session ends at this request, so a second one meets a signed-out browser: no comparison, only "not served"
            assertThat(r.status() == 401 || r.status() == 403 || r.toLogin()).as("%s: %s", where, r).isTrue();
        } else {
            if (!variant.smuggled()) {
                // B's object in the path is refused; B's id in the body of one's own request may be answered by a form
                // shown again with its problem (some pages do so with 200): the same as for a missing id, B untouched
                assertThat(r.success()).as("%s answered as if served: %s", where, r).isFalse();
            }
            var followed = r.status() / 100 == 3 && !r.toLogin() ? caller.follow(r) : null;
            var m = caller.send(route.method(), variant.missing().path(), variant.missing().body());
            assertSameAnswer(caller, r, m, where);
            if (followed != null) {
                assertNoTraceOf(b, followed.body(), where + " (after the redirect)");
                assertThat(normalize(followed.body())).as("%s: the page after the redirect differs from a missing object's", where)
                        .isEqualTo(normalize(caller.follow(m).body()));
            }
        }
        assertNoTraceOf(b, r.body(), where);
        if (writes) {
            assertThat(worlds.snapshot(b)).as("B after %s", where).isEqualTo(before);
        }
    }

    private static void assertSameAnswer(Caller caller, Answer foreign, Answer missing, String where) {
        assertThat(missing.status()).as("%s: status for B's object %s, for a missing one %s", where, foreign, missing)
                .isEqualTo(foreign.status());
        assertThat(normalize(missing.location())).as("%s: redirect", where).isEqualTo(normalize(foreign.location()));
        assertThat(normalize(foreign.body())).as("%s: body for B's object differs from a missing one's", where)
                .isEqualTo(normalize(missing.body()));
    }

    /** Ids and CSRF tokens aside, two answers that say the same. */
    static String normalize(String body) {
        return body == null ? "" : body.replaceAll("(name=\"csrf-token\" content=\"|name=\"_csrf\" value=\")[^\"]*", "$1")
                .replaceAll("\\d+", "N");
    }

    /** B's subjects, texts, names and people never appear in an answer to someone who may not see B. */
    static void assertNoTraceOf(World b, String body, String where) {
        var t = b.tenant();
        assertThat(body).as(where).doesNotContain(t.secretWord()).doesNotContain(t.label())
                .doesNotContain(t.customer().login()).doesNotContain(t.agent().login()).doesNotContain(t.manager().login());
    }

    private Caller web(Person p, String name) throws Exception {
        var agent = p.actor().isAgent();
        return new Caller(name, port, p.token()).signIn(p.login(), Fixtures.PASSWORD, agent ? "/queues/open" : "/my/tickets");
    }
}
