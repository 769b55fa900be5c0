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
import io.relais.security.MatrixWorlds.World;
import io.relais.ticket.TicketLinks;
import io.relais.ticket.TicketService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every listing, search and suggestion list, read by each kind of person: what they may see of their own
 * organization IS there (a listing that shows nothing would pass an "absent" check), another client's is not, and a
 * member of a group serving every organization sees both. Listings by words use the worlds' secret words, so a page
 * of results is never crowded out by the rest of the suite's data.
 */
class ListingsTest extends IntegrationTest {
    private static final Actor SYSTEM = Actor.system("listings");

    @LocalServerPort int port;
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

    enum Who { AGENT, CUSTOMER, MANAGER, SUPERVISOR, NO_GROUP, REMOVED, ALL_ORGANIZATIONS }

    /**
     * A listing: its path for a world (its words or ids), the text that shows a row of that world, and who must
     * find their own organization's row there. Everyone else must not find B's, except a group serving every client.
     */
    record Listing(String name, Function<World, String> path, Function<World, String> marker, Set<Who> seeOwn) {}

    static List<Listing> listings() {
        Function<World, String> printer = w -> "Printer " + w.tenant().secretWord();
        Function<World, String> vpn = w -> "VPN " + w.tenant().secretWord();
        Function<World, String> secret = w -> w.tenant().secretWord();
        var agents = Set.of(Who.AGENT, Who.SUPERVISOR, Who.ALL_ORGANIZATIONS);
        var everyoneOfA = Set.of(Who.AGENT, Who.SUPERVISOR, Who.ALL_ORGANIZATIONS, Who.CUSTOMER, Who.MANAGER);
        var colleagues = Set.of(Who.AGENT, Who.SUPERVISOR, Who.ALL_ORGANIZATIONS, Who.MANAGER);
        return List.of(
                new Listing("API tickets by words", w -> "/api/v1/tickets?q=" + secret.apply(w), printer, everyoneOfA),
                new Listing("API tickets by words, a colleague's ticket", w -> "/api/v1/tickets?q=" + secret.apply(w), vpn, colleagues),
                new Listing("API tickets by organization", w -> "/api/v1/tickets?organizationId=" + w.get("organization"), printer,
                        Set.of(Who.AGENT, Who.SUPERVISOR, Who.ALL_ORGANIZATIONS, Who.CUSTOMER, Who.MANAGER)),
                new Listing("API tickets by requester", w -> "/api/v1/tickets?requesterId=" + w.get("contact"), printer, everyoneOfA),
                new Listing("API tickets by assignee", w -> "/api/v1/tickets?assigneeId=" + w.get("agent"), printer, everyoneOfA),
                new Listing("API search", w -> "/api/v1/search/tickets?q=" + secret.apply(w), printer, everyoneOfA),
                new Listing("API search, a colleague's ticket", w -> "/api/v1/search/tickets?q=" + secret.apply(w), vpn, colleagues),
                // a customer finds themselves, a manager their colleagues, and both their own organization
                new Listing("API contacts by words", w -> "/api/v1/contacts?q=" + w.tenant().label(),
                        w -> w.tenant().customer().login(), everyoneOfA),
                new Listing("API contacts by organization", w -> "/api/v1/contacts?organizationId=" + w.get("organization"),
                        w -> w.tenant().customer().login(), everyoneOfA),
                new Listing("API contacts by organization, a colleague", w -> "/api/v1/contacts?organizationId="
                        + w.get("organization"), w -> w.tenant().manager().login(), colleagues),
                new Listing("API organizations", w -> "/api/v1/organizations", w -> "\"id\":" + w.get("organization") + ",",
                        everyoneOfA),
                new Listing("API groups", w -> "/api/v1/groups", w -> "\"id\":" + w.get("group") + ",", agents),
                new Listing("API agents", w -> "/api/v1/agents", w -> w.tenant().agent().login(), agents),
                new Listing("API KB articles (internal)", w -> "/api/v1/kb/articles?q=" + secret.apply(w),
                        w -> "INTERNAL procedure " + w.tenant().secretWord(), agents),
                new Listing("API KB articles (public)", w -> "/api/v1/kb/articles?q=" + secret.apply(w),
                        w -> "PUBLIC procedure " + w.tenant().secretWord(), everyoneOfA),
                new Listing("queue by words", w -> "/queues/all?text=" + secret.apply(w), printer, agents),
                new Listing("queue by organization", w -> "/queues/all?org=" + w.get("organization"), printer, agents),
                new Listing("search page", w -> "/search?q=" + secret.apply(w), printer, agents),
                new Listing("contact lookup", w -> "/contacts/lookup?q=" + w.tenant().label(), w -> w.tenant().customer().login(), agents),
                new Listing("knowledge base", w -> "/kb?q=" + secret.apply(w), w -> "INTERNAL procedure " + w.tenant().secretWord(), agents),
                new Listing("known errors", w -> "/known-errors", w -> "Known error " + w.tenant().secretWord(), agents),
                new Listing("portal: my tickets", w -> "/my/tickets", printer, Set.of(Who.CUSTOMER, Who.MANAGER)),
                new Listing("portal: my tickets, a colleague's", w -> "/my/tickets", vpn, Set.of(Who.MANAGER)),
                new Listing("portal: help", w -> "/my/help?q=" + secret.apply(w), w -> "PUBLIC procedure " + w.tenant().secretWord(),
                        Set.of(Who.CUSTOMER, Who.MANAGER)));
    }

    @TestFactory
    Stream<DynamicTest> listingsShowTheCallersOwnDataAndNoOtherClients() throws Exception {
        var worlds = new MatrixWorlds(fixtures, jdbc, tickets, ticketLinks, kb, kbFiles, checks, runs, knownErrors);
        var a = worlds.world("Alphals");
        var b = worlds.world("Bravols");
        var n = Long.toString(System.nanoTime(), 36);
        var everyone = agentsAndGroups.createGroup(SYSTEM, new GroupForm("Every client " + n, SupportLevel.L2, true, Set.of(), null));
        var removedPerson = fixtures.agent("Moved " + n, "moved-ls-" + n + "@desk.example", Role.AGENT, Set.of(b.tenant().groupId()));
        var callers = new java.util.EnumMap<Who, Caller>(Who.class);
        callers.put(Who.AGENT, web(a.tenant().agent(), "agent of A"));
        callers.put(Who.CUSTOMER, web(a.tenant().customer(), "customer of A"));
        callers.put(Who.MANAGER, web(a.tenant().manager(), "manager of A"));
        callers.put(Who.SUPERVISOR, web(fixtures.agent("Supervisor " + n, "sup-ls-" + n + "@desk.example", Role.SUPERVISOR,
                Set.of(a.tenant().groupId())), "supervisor of A"));
        callers.put(Who.NO_GROUP, web(fixtures.agent("Groupless " + n, "groupless-ls-" + n + "@desk.example", Role.AGENT, Set.of()),
                "agent in no group"));
        callers.put(Who.REMOVED, web(removedPerson, "agent just removed from B's group"));
        callers.put(Who.ALL_ORGANIZATIONS, web(fixtures.agent("Everywhere " + n, "everywhere-ls-" + n + "@desk.example", Role.AGENT,
                Set.of(everyone.id())), "member of a group serving every organization"));
        // the removed agent read B's queue in this session before
        assertThat(callers.get(Who.REMOVED).get("/queues/all?text=" + b.tenant().secretWord()).body())
                .contains("Printer " + b.tenant().secretWord());
        agentsAndGroups.updateAgent(SYSTEM, removedPerson.id(), new AgentForm(removedPerson.actor().name(), removedPerson.login(),
                Role.AGENT, Set.of()));
        // the search index is written after the commit: wait until both worlds can be found
        awaitIndexed(callers.get(Who.ALL_ORGANIZATIONS), a);
        awaitIndexed(callers.get(Who.ALL_ORGANIZATIONS), b);

        var tests = new ArrayList<DynamicTest>();
        for (var listing : listings()) {
            for (var who : Who.values()) {
                var caller = callers.get(who);
                tests.add(DynamicTest.dynamicTest(listing.name() + ": " + caller.name, () -> {
                    var own = text(caller.get(listing.path().apply(a)));
                    if (listing.seeOwn().contains(who)) {
                        assertThat(own.status()).as("%s %s", caller.name, listing.path().apply(a)).isEqualTo(200);
                        assertThat(own.body()).as("%s finds its own organization's row", caller.name)
                                .contains(listing.marker().apply(a));
                    } else {
                        assertThat(own.body()).as("%s must not find it", caller.name).doesNotContain(listing.marker().apply(a));
                    }
                    var foreign = text(caller.get(listing.path().apply(b)));
                    if (who == Who.ALL_ORGANIZATIONS && listing.seeOwn().contains(who)) {
                        assertThat(foreign.body()).as("a group serving every client finds B's row").contains(listing.marker().apply(b));
                    } else {
                        assertThat(foreign.status()).as("%s %s: %s", caller.name, listing.path().apply(b), foreign)
                                .isIn(200, 403, 404);
                        assertThat(foreign.body()).as("%s %s", caller.name, listing.path().apply(b))
                                .doesNotContain(listing.marker().apply(b));
                        assertNoRowOf(b, foreign.body(), caller.name + " " + listing.path().apply(b));
                    }
                }));
            }
        }
        return tests.stream();
    }

    /** The answer with the search's highlights taken out ("Printer <mark>word</mark>" reads "Printer word"). */
    private static Caller.Answer text(Caller.Answer a) {
        return new Caller.Answer(a.status(), a.location(), a.body().replace("<mark>", "").replace("</mark>", ""));
    }

    /** No row of B (the words the caller searched for may be echoed, B's rows and people may not). */
    private static void assertNoRowOf(World b, String body, String where) {
        var t = b.tenant();
        var s = t.secretWord();
        assertThat(body).as(where).doesNotContain("Printer " + s).doesNotContain("VPN " + s).doesNotContain("procedure " + s)
                .doesNotContain("Known error " + s).doesNotContain(t.customer().login()).doesNotContain(t.agent().login())
                .doesNotContain(t.manager().login()).doesNotContain("Team " + t.label());
    }

    private static void awaitIndexed(Caller reader, World w) throws Exception {
        var deadline = Instant.now().plus(Duration.ofSeconds(60)); // a guard against a hang, not a measure
        while (!reader.get("/api/v1/search/tickets?q=" + w.tenant().secretWord()).body().contains("Printer " + w.tenant().secretWord())
                || !reader.get("/api/v1/kb/articles?q=" + w.tenant().secretWord()).body().contains(w.tenant().secretWord())) {
            assertThat(Instant.now()).as("the search index took in world " + w.label()).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private Caller web(Person p, String name) throws Exception {
        return new Caller(name, port, p.token()).signIn(p.login(), Fixtures.PASSWORD,
                p.actor().isAgent() ? "/queues/open" : "/my/tickets");
    }
}
