package io.relais.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.CleanDatabase;
import io.relais.TestDatabases;
import io.relais.WebSession;
import io.relais.ticket.QueueView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every page of the application (each GET route of our controllers, found in Spring's mappings, so that a
 * new page without a visit here fails this test), opened in French and in English by the person it is for,
 * on the demo desk and what a desk gathers with time ({@link ShowcaseDesk}). A page must not show a message
 * key Thymeleaf could not find, a template expression left as written, or the name of one of our enum
 * constants where words were due ({@link ShownText}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "relais.secret-key=dGVzdC1vbmx5LXNlY3JldC1rZXktZm9yLXJlbGFpcy0zMmJ5dGVz",
        // a closed ticket written to again becomes a follow-up at once (the showcase has one)
        "relais.reopen-window-days=0"})
@ActiveProfiles("demo")
@Import({CleanDatabase.class, ShowcaseDesk.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryPageTest {
    private static final String PASSWORD = "demo-relais";

    enum Who { ADMIN, AGENT, CUSTOMER, NOBODY }

    record Visit(String route, String path, Who who, int status, boolean htmx) {}

    @LocalServerPort int port;
    @Autowired ShowcaseDesk desk;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
    ShowcaseDesk.Ids ids;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.register(registry, "relais_pages");
    }

    @BeforeAll
    void seed() throws Exception {
        ids = desk.seed();
    }

    @Test
    void everyPageReadsInFrenchAndInEnglishWithoutKeysExpressionsOrCodes() throws Exception {
        var visits = visits();
        var visited = new TreeSet<String>();
        visits.forEach(v -> visited.add(v.route()));
        assertThat(routes()).as("GET routes that no visit of this test opens: add a visit").isSubsetOf(visited);

        var problems = new ArrayList<String>();
        for (var language : List.of("fr", "en")) {
            var sessions = new EnumMap<Who, WebSession>(Who.class);
            sessions.put(Who.ADMIN, session(language).signIn("priya@relais.demo", PASSWORD));
            sessions.put(Who.AGENT, session(language).signIn("marc@relais.demo", PASSWORD));
            sessions.put(Who.CUSTOMER, session(language).signIn("julie.martin@acme.example", PASSWORD));
            sessions.put(Who.NOBODY, session(language));
            for (var visit : visits) {
                var where = language + " " + visit.who() + " " + visit.path() + (visit.htmx() ? " (htmx)" : "") + ": ";
                var response = sessions.get(visit.who()).get(visit.path(), visit.htmx());
                if (response.statusCode() != visit.status()) {
                    problems.add(where + "status " + response.statusCode() + " instead of " + visit.status() + " — "
                            + ShownText.textOf(response.body()));
                }
                var type = response.headers().firstValue("Content-Type").orElse("");
                if (!type.startsWith("text/html")) {
                    continue;
                }
                var page = Jsoup.parse(response.body());
                var lang = page.selectFirst("html[lang]");
                if (!visit.htmx() && lang != null && !language.equals(lang.attr("lang"))) {
                    problems.add(where + "the page is in " + lang.attr("lang"));
                }
                ShownText.problems(response.body()).forEach(p -> problems.add(where + p));
            }
        }
        assertThat(problems).as("what people would read on these pages").isEmpty();
    }

    @Test
    void theTimelineNamesTheRequestersItShowsChanged() throws Exception {
        var page = Jsoup.parse(session("fr").signIn("priya@relais.demo", PASSWORD)
                .get("/tickets/" + ids.mainTicket() + "?show=changes", false).body());
        var requester = page.select(".timeline .change").stream().filter(e -> e.text().startsWith("· demandeur")).toList();
        assertThat(requester).extracting(e -> e.select(".old").text() + " → " + e.select(".new").text())
                .containsExactly("Julie Martin → Thomas Bernard", "Thomas Bernard → Julie Martin");
    }

    /** The GET routes of our controllers (the REST API under /api excepted: it speaks JSON, not words). */
    private Set<String> routes() {
        var routes = new TreeSet<String>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (!method.getBeanType().getPackageName().startsWith("io.relais")
                    || !info.getMethodsCondition().getMethods().contains(RequestMethod.GET)) {
                return;
            }
            info.getPatternValues().stream().filter(p -> !p.startsWith("/api/")).forEach(routes::add);
        });
        return routes;
    }

    private List<Visit> visits() {
        var v = new ArrayList<Visit>();
        var t = ids.mainTicket();
        var today = LocalDate.now();
        var period = "?org=" + ids.organization() + "&from=" + today.minusDays(60) + "&to=" + today;
        add(v, "/", Who.ADMIN, "/");
        add(v, "/", Who.CUSTOMER, "/");
        add(v, "/login", Who.NOBODY, "/login", "/login?error", "/login?logout");
        add(v, "/setup", Who.NOBODY, "/setup"); // signs in: the first administrator exists
        add(v, "/notices", Who.ADMIN, "/notices");
        for (var view : QueueView.values()) {
            add(v, "/queues/{view}", Who.ADMIN, "/queues/" + view.name().toLowerCase(Locale.ROOT));
        }
        add(v, "/queues/{view}", Who.ADMIN, "/queues/open?status=PENDING_CUSTOMER&status=NEW&priority=P1&priority=P2&sort=DUE_ASC",
                "/queues/all?org=" + ids.organization() + "&text=imprimante");
        add(v, "/queues/{view}", Who.AGENT, "/queues/mine", "/queues/unassigned");
        add(v, "/queues/counts", Who.ADMIN, "/queues/counts");
        add(v, "/tickets/{id}", Who.ADMIN, "/tickets/" + t, "/tickets/" + t + "?show=conversation", "/tickets/" + t + "?show=changes",
                "/tickets/" + ids.childTicket(), "/tickets/" + ids.mergedTicket(), "/tickets/" + ids.followUpTicket());
        add(v, "/tickets/{id}", Who.AGENT, "/tickets/" + t);
        add(v, "/tickets/number/{number}", Who.ADMIN, "/tickets/number/" + ids.mainNumber());
        add(v, "/tickets/{id}/attachments/{attachmentId}", Who.ADMIN, "/tickets/" + t + "/attachments/" + ids.publicAttachment(),
                "/tickets/" + ids.followUpTicket() + "/attachments/" + ids.rawAttachment());
        add(v, "/tickets/{id}/articles/{articleId}/html", Who.ADMIN,
                "/tickets/" + ids.followUpTicket() + "/articles/" + ids.htmlArticle() + "/html");
        add(v, "/tickets/new", Who.ADMIN, "/tickets/new", "/tickets/new?requester=" + ids.contact());
        add(v, "/contacts/lookup", Who.ADMIN, "/contacts/lookup?q=Martin", "/contacts/lookup?q=zzzz");
        v.add(new Visit("/tickets/{id}/sla", "/tickets/" + t + "/sla", Who.ADMIN, 200, true));
        add(v, "/tickets/{id}/sla", Who.ADMIN, "/tickets/" + t + "/sla");
        add(v, "/search/similar/{ticketId}", Who.ADMIN, "/search/similar/" + t);
        add(v, "/search/hints", Who.ADMIN, "/search/hints?subject=imprimante&description=bourrage&requesterId=" + ids.contact());
        add(v, "/my/hints", Who.CUSTOMER, "/my/hints?subject=imprimante&description=bourrage");
        add(v, "/search", Who.ADMIN, "/search", "/search?q=imprimante", "/search?q=" + encode("status:open imprimante") + "&sort=NEWEST",
                "/search?q=" + encode("\"bourrage"));
        add(v, "/kb", Who.ADMIN, "/kb", "/kb?kind=PROCEDURE&stale=true", "/kb?q=imprimante");
        add(v, "/kb/{id}", Who.ADMIN, "/kb/" + ids.article(), "/kb/" + ids.publicArticle());
        add(v, "/kb/new", Who.ADMIN, "/kb/new", "/kb/new?fromTicket=" + t, "/kb/new?translationOf=" + ids.publicArticle());
        add(v, "/kb/{id}/edit", Who.ADMIN, "/kb/" + ids.article() + "/edit");
        add(v, "/kb/files/{fileId}", Who.ADMIN, "/kb/files/" + ids.articleFile());
        add(v, "/kb/{id}/diff", Who.ADMIN, "/kb/" + ids.article() + "/diff?from=1&to=2");
        add(v, "/kb/{id}/versions/{version}", Who.ADMIN, "/kb/" + ids.article() + "/versions/1");
        add(v, "/kb/ticket/{ticketId}", Who.ADMIN, "/kb/ticket/" + t);
        add(v, "/my/help", Who.CUSTOMER, "/my/help", "/my/help?q=imprimer");
        add(v, "/my/help/{id}", Who.CUSTOMER, "/my/help/" + ids.publicArticle());
        add(v, "/my/help/files/{fileId}", Who.CUSTOMER, "/my/help/files/" + ids.publicArticleFile());
        add(v, "/admin/checks", Who.ADMIN, "/admin/checks");
        add(v, "/admin/checks/{id}", Who.ADMIN, "/admin/checks/" + ids.checkTree());
        add(v, "/checks/ticket/{ticketId}", Who.ADMIN, "/checks/ticket/" + t, "/checks/ticket/" + ids.childTicket());
        add(v, "/admin/organizations", Who.ADMIN, "/admin/organizations", "/admin/organizations?edit=" + ids.organization());
        add(v, "/admin/contacts", Who.ADMIN, "/admin/contacts", "/admin/contacts?q=martin", "/admin/contacts?edit=" + ids.contact());
        add(v, "/admin/agents", Who.ADMIN, "/admin/agents", "/admin/agents?edit=" + ids.agent());
        add(v, "/admin/groups", Who.ADMIN, "/admin/groups", "/admin/groups?edit=" + ids.group());
        add(v, "/admin/categories", Who.ADMIN, "/admin/categories", "/admin/categories?edit=" + ids.category());
        add(v, "/admin/priorities", Who.ADMIN, "/admin/priorities");
        add(v, "/my/tickets", Who.CUSTOMER, "/my/tickets");
        add(v, "/my/tickets/new", Who.CUSTOMER, "/my/tickets/new");
        add(v, "/my/tickets/{id}", Who.CUSTOMER, "/my/tickets/" + t, "/my/tickets/" + ids.mergedTicket(),
                "/my/tickets/" + ids.followUpTicket(), "/my/tickets/" + ids.customerOtherTicket());
        add(v, "/my/tickets/{id}/attachments/{attachmentId}", Who.CUSTOMER, "/my/tickets/" + t + "/attachments/" + ids.publicAttachment());
        add(v, "/known-errors", Who.ADMIN, "/known-errors", "/known-errors?active=false");
        add(v, "/known-errors/new", Who.ADMIN, "/known-errors/new", "/known-errors/new?fromTicket=" + t);
        add(v, "/known-errors/{id}", Who.ADMIN, "/known-errors/" + ids.knownError());
        add(v, "/known-errors/ticket/{ticketId}", Who.ADMIN, "/known-errors/ticket/" + t);
        add(v, "/admin/sla", Who.ADMIN, "/admin/sla", "/admin/sla?org=" + ids.organization() + "&priority=P1&channel=EMAIL");
        add(v, "/admin/sla/calendars/{id}", Who.ADMIN, "/admin/sla/calendars/" + ids.calendar());
        add(v, "/admin/sla/policies/new", Who.ADMIN, "/admin/sla/policies/new", "/admin/sla/policies/new?kind=OLA");
        add(v, "/admin/sla/policies/{id}", Who.ADMIN, "/admin/sla/policies/" + ids.policy());
        add(v, "/reports/sla", Who.ADMIN, "/reports/sla", "/reports/sla" + period);
        add(v, "/reports/sla.csv", Who.ADMIN, "/reports/sla.csv" + period);
        add(v, "/reports/sla/tickets.csv", Who.ADMIN, "/reports/sla/tickets.csv" + period);
        add(v, "/admin/mailboxes", Who.ADMIN, "/admin/mailboxes");
        add(v, "/admin/mailboxes/new", Who.ADMIN, "/admin/mailboxes/new");
        add(v, "/admin/mailboxes/{id}", Who.ADMIN, "/admin/mailboxes/" + ids.mailbox());
        add(v, "/admin/mail/imports/{id}", Who.ADMIN, "/admin/mail/imports/" + ids.importJob());
        add(v, "/admin/mail/imports/{id}/progress", Who.ADMIN, "/admin/mail/imports/" + ids.importJob() + "/progress");
        add(v, "/admin/mail/quarantine", Who.ADMIN, "/admin/mail/quarantine");
        add(v, "/admin/mail/quarantine/{id}/source", Who.ADMIN, "/admin/mail/quarantine/" + ids.quarantine() + "/source");
        add(v, "/admin/mail/outbox", Who.ADMIN, "/admin/mail/outbox");
        add(v, "/admin/mail/templates", Who.ADMIN, "/admin/mail/templates");
        add(v, "/account/tokens", Who.ADMIN, "/account/tokens");
        add(v, "/account/tokens", Who.CUSTOMER, "/account/tokens");
        // the error pages, as each kind of person meets them
        v.add(new Visit("/tickets/{id}", "/tickets/987654321", Who.ADMIN, 404, false));
        v.add(new Visit("/admin/agents", "/admin/agents", Who.AGENT, 403, false));
        v.add(new Visit("/tickets/{id}", "/tickets/" + t, Who.CUSTOMER, 403, false));
        v.add(new Visit("/my/tickets/{id}", "/my/tickets/987654321", Who.CUSTOMER, 404, false));
        return v;
    }

    private static void add(List<Visit> visits, String route, Who who, String... paths) {
        for (var path : paths) {
            visits.add(new Visit(route, path, who, 200, false));
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A browser that asks for the other language, switched to this one with the FR/EN switch. */
    private WebSession session(String language) {
        return new WebSession("http://localhost:" + port, "fr".equals(language) ? "en" : "fr").withLanguageCookie(language);
    }
}
