package io.relais.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.relais.CleanDatabase;
import io.relais.Fixtures;
import io.relais.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A person in Chromium (Debian's, driven by Playwright): first-run setup, login, a phone call that
 * becomes a ticket, a reply, a note, a status change with the keyboard, French, and a customer
 * who cannot open the workspace. Runs on its own empty database so that setup is really the first run
 * (that test comes first); every other test makes its own people and tickets and checks a change it made.
 * Skipped, saying so, when no Chromium is installed; failed instead when CI=true.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({CleanDatabase.class, Fixtures.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("RELAIS_CHROMIUM", "/usr/bin/chromium"));
    static final String ADMIN = "admin@browser.example";
    static final String ADMIN_PASSWORD = "browser-admin-pass";

    /** Where the layout tests leave their screenshots, to be looked at. */
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired io.relais.ticket.TicketService tickets;
    @Autowired org.springframework.context.MessageSource messages;
    @Autowired Formats formats;
    @Autowired io.relais.knowledge.StarterChecks starters;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    Playwright playwright;
    Browser browser;
    /** Every console error and uncaught page error of every page the test opened; none is allowed. */
    final List<String> consoleErrors = new java.util.concurrent.CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.register(registry, "relais_browser");
    }

    @BeforeAll
    void startBrowser() {
        var present = Files.isExecutable(CHROMIUM);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but no Chromium at " + CHROMIUM + ": browser tests must run in CI");
        }
        Assumptions.assumeTrue(present, "Browser tests SKIPPED: no Chromium at " + CHROMIUM
                + " (apt-get install chromium, or set RELAIS_CHROMIUM)");
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    @AfterEach
    void noErrorInTheConsole() {
        var seen = List.copyOf(consoleErrors);
        consoleErrors.clear();
        assertThat(seen).as("console and page errors of the pages this test opened").isEmpty();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    /** Over HTTP, before the setup below: the page comes back as typed, each problem beside its field, and nobody exists. */
    @Test
    @Order(0)
    void aRefusedSetupKeepsWhatWasTypedSaysWhyBesideEachFieldAndCreatesNobody() throws Exception {
        var session = new io.relais.WebSession(url(""), "fr-FR,fr;q=0.9");
        var fields = new java.util.LinkedHashMap<String, String>();
        fields.put("name", "Ada Refused");
        fields.put("email", "ada@refused-setup.example");
        fields.put("password", "s3cr-ct");
        fields.put("passwordAgain", "s3cr-xx");
        var answer = session.post("/setup", fields, "/setup");
        assertThat(answer.statusCode()).isEqualTo(422);
        var form = org.jsoup.Jsoup.parse(answer.body()).selectFirst("form[action=\"/setup\"]");
        assertThat(form.selectFirst("input[name=name]").val()).isEqualTo("Ada Refused");
        assertThat(form.selectFirst("input[name=email]").val()).isEqualTo("ada@refused-setup.example");
        assertThat(form.selectFirst("input[name=password]").val()).isEmpty();
        assertThat(answer.body()).doesNotContain("s3cr-");
        var password = form.selectFirst("input[name=password]");
        assertThat(password.parent().selectFirst(".field-problem").text()).isEqualTo("au moins 10 caractères");
        assertThat(password.attr("aria-describedby")).isEqualTo("problem-password");
        assertThat(form.selectFirst("input[name=passwordAgain]").parent().selectFirst(".field-problem").text())
                .isEqualTo("les deux mots de passe diffèrent");
        assertThat(form.select(".field-problem")).hasSize(2);
        // the agent was valid: it was created in the refused transaction and went with it
        assertThat(jdbc.sql("select count(*) from agent where email = 'ada@refused-setup.example'").query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from account").query(Integer.class).single()).isZero();
    }

    @Test
    @Order(1)
    void firstRunSetupCreatesTheAdministratorWhoCanSignIn() {
        try (var context = newContext("en-GB")) {
            var page = context.newPage();
            page.navigate(url("/"));
            assertThat(page).hasURL(url("/setup"));
            assertThat(page.locator("h1")).hasText("Welcome to Relais");
            page.fill("input[name=name]", "Ada Admin");
            page.fill("input[name=email]", ADMIN);
            page.fill("input[name=password]", ADMIN_PASSWORD);
            page.fill("input[name=passwordAgain]", ADMIN_PASSWORD);
            page.click("button[type=submit]");
            assertThat(page.locator(".notice")).containsText("administrator is created");
            signIn(page, ADMIN, ADMIN_PASSWORD);
            assertThat(page).hasURL(url("/queues/mine"));
            assertThat(page.locator(".usermenu summary")).hasText("Ada Admin");
        }
    }

    @Test
    @Order(2)
    void anAgentTakesACallCreatesTheTicketRepliesAndAddsANote() {
        var tenant = fixtures.tenant("Browser");
        try (var context = newContext("en-GB")) {
            var page = context.newPage();
            signIn(page, tenant.agent().login(), Fixtures.PASSWORD);
            page.click("text=New ticket");
            // htmx is loaded with defer: type only once it listens, as a person would after the page shows.
            page.waitForLoadState();
            page.waitForFunction("() => window.htmx !== undefined");
            page.locator("#contact-q").pressSequentially("Browser other");
            // the list follows the typing: pick the caller once the answer to the whole name is there, as a person would
            page.locator("#matches a", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Browser other")).first().click();
            assertThat(page.locator(".chosen")).containsText("Browser other");
            // the hints follow what the agent types (the trigger's selector has a space: it must parse)
            page.waitForResponse(r -> r.url().contains("/search/hints") && r.url().contains("Scanner"),
                    () -> page.fill("input[name=subject]", "Scanner offline at reception"));
            page.fill("textarea[name=description]", "The caller says the scanner shows error E42.");
            page.selectOption("select[name=urgency]", "HIGH");
            page.click("text=Create the ticket");
            assertThat(page.locator(".ticket-head h1")).hasText("Scanner offline at reception");
            assertThat(page.locator(".status")).hasText("New");
            scriptsReady(page);
            page.keyboard().press("r");
            assertThat(page.locator("#reply textarea")).isFocused();
            page.keyboard().type("Hello, could you restart the scanner?");
            page.locator("#reply button[type=submit]").click();
            assertThat(page.locator(".timeline .article.agent .body").last()).hasText("Hello, could you restart the scanner?");
            assertThat(page.locator(".ticket-head .status")).hasText("Open");

            // The reply reloaded the page: wait for its scripts as before the first shortcut.
            scriptsReady(page);
            page.keyboard().press("n");
            page.keyboard().type("Checked the cable: fine.");
            page.locator("#note button[type=submit]").click();
            var note = page.locator(".timeline .article.note").last();
            assertThat(note.locator(".body")).hasText("Checked the cable: fine.");
            assertThat(note.locator(".badge-internal")).hasText("INTERNAL", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setUseInnerText(true));
        }
    }

    @Test
    @Order(3)
    void theStatusChangesWithTheKeyboardAndTheTimelineShowsIt() {
        var tenant = fixtures.tenant("Status");
        // a ticket of its own, new: nothing has moved it yet
        var subject = "Badge reader " + tenant.secretWord() + " beeps";
        var ticket = tickets.open(new io.relais.ticket.TicketCommands.NewTicket(subject, "It beeps twice and stays red",
                tenant.customer().id(), null, io.relais.ticket.TicketEnums.Impact.USER, io.relais.ticket.TicketEnums.Urgency.MEDIUM,
                io.relais.ticket.TicketEnums.Channel.PHONE, tenant.groupId(), null, List.of()), tenant.agent().actor()).id();
        assertThat(status(ticket)).isEqualTo(io.relais.ticket.Status.NEW);
        try (var context = newContext("en-GB")) {
            var page = context.newPage();
            signIn(page, tenant.agent().login(), Fixtures.PASSWORD);
            page.navigate(url("/queues/open"));
            scriptsReady(page);
            // down the queue with j until the row of this ticket is selected
            var rows = page.locator("table.tickets tbody tr").count();
            assertThat(rows).as("rows in the queue").isGreaterThanOrEqualTo(1);
            for (int i = 0; i < rows; i++) {
                page.keyboard().press("j");
                var selected = page.locator("tr.selected td.subject");
                if (selected.count() == 1 && selected.textContent().contains(subject)) {
                    break;
                }
            }
            assertThat(page.locator("tr.selected")).hasCount(1);
            assertThat(page.locator("tr.selected td.subject")).containsText(subject);
            page.keyboard().press("Enter");
            assertThat(page.locator(".ticket-head h1")).hasText(subject);
            assertThat(page.locator(".ticket-head .status")).hasText("New");
            var changes = page.locator(".timeline .change").count();
            scriptsReady(page);
            page.keyboard().press("s");
            assertThat(page.locator("#status-select")).isFocused();
            page.keyboard().press("ArrowDown");
            var chosen = page.locator("#status-select").inputValue();
            assertThat(chosen).as("the status the arrow key chose").isNotBlank().isNotEqualTo("NEW");
            page.keyboard().press("Enter");
            assertThat(page.locator(".notice.ok")).hasText("Saved.");
            // the change is the ticket's, stored, and shown
            assertThat(status(ticket)).isEqualTo(io.relais.ticket.Status.valueOf(chosen));
            assertThat(page.locator(".ticket-head .status")).hasText(messages.getMessage("status." + chosen, null, java.util.Locale.ENGLISH));
            assertThat(page.locator(".timeline .change")).hasCount(changes + 1);
            assertThat(page.locator(".timeline .change").last()).containsText("status");
        }
    }

    private io.relais.ticket.Status status(long ticketId) {
        return io.relais.ticket.Status.valueOf(jdbc.sql("select status from ticket where id = ?").param(ticketId).query(String.class).single());
    }

    @Test
    @Order(4)
    void theWorkspaceSwitchesToFrench() {
        var tenant = fixtures.tenant("French");
        try (var context = newContext("en-GB")) {
            var page = context.newPage();
            signIn(page, tenant.agent().login(), Fixtures.PASSWORD);
            assertThat(page.locator("html")).hasAttribute("lang", "en");
            page.click(".lang button[value=fr]");
            assertThat(page.locator(".sidebar")).containsText("Tous les ouverts");
            assertThat(page.locator("html")).hasAttribute("lang", "fr");
            page.navigate(url("/tickets/" + tenant.ticketId()));
            assertThat(page.locator("#reply summary")).containsText("Répondre");
            assertThat(page.locator("text=Me l'attribuer")).hasCount(1);
        }
    }

    @Test
    @Order(5)
    void aBrowserInFrenchGetsFrenchWithoutChoosing() {
        try (var context = newContext("fr-FR")) {
            var page = context.newPage();
            page.navigate(url("/login"));
            assertThat(page.locator("button[type=submit]")).hasText("Se connecter");
        }
    }

    @Test
    @Order(6)
    void aCustomerCannotOpenAnAgentPage() {
        var tenant = fixtures.tenant("Customer");
        try (var context = newContext("en-GB")) {
            var page = context.newPage();
            signIn(page, tenant.customer().login(), Fixtures.PASSWORD);
            assertThat(page).hasURL(url("/my/tickets"));
            assertThat(page.locator("table.tickets")).containsText("Printer " + tenant.secretWord());
            var response = page.navigate(url("/tickets/" + tenant.ticketId()));
            assertThat(response.status()).isEqualTo(403);
            assertThat(page.locator("body")).not().containsText("Internal: cable");
            assertThat(page.navigate(url("/admin/organizations")).status()).isEqualTo(403);
            expectedInConsole("the server responded with a status of 403");
        }
    }

    @Test
    @Order(7)
    void duringACallTheAgentRunsThePrinterCheckToASolutionAndTheTimelineShowsThePath() {
        starters.install(io.relais.security.Actor.system("browser test"));
        var call = fixtures.tenant("Guided");
        try (var context = newContext("en-GB")) {
            var page = context.newPage();
            signIn(page, call.agent().login(), Fixtures.PASSWORD);
            page.navigate(url("/tickets/" + call.ticketId()));
            scriptsReady(page);
            var panel = page.locator(".check-panel");
            panel.locator("select[name=treeId]").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("EN · Printer does not print"));
            panel.locator("button:has-text('Start')").click();
            assertThat(panel.locator(".check-text")).hasText("Is the printer on, with no error on its screen?");
            panel.locator(".check-answers button", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Yes")).click();
            assertThat(panel.locator(".check-text")).hasText("Can other people print on it?");
            panel.locator(".check-answers button", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("No, nobody")).click();
            assertThat(panel.locator(".check-kind")).hasText("Suggested action");
            assertThat(panel.locator(".check-text")).containsText("port 1 of the wall socket");
            panel.locator(".check-answers button", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("It works now")).click();
            // the outcome: the page reloads with the path on the timeline, and offers to resolve
            assertThat(page.locator(".check-outcome")).containsText("Solved at first contact");
            var entry = page.locator(".timeline .change", new Page.LocatorOptions().setHasText("guided check"));
            assertThat(entry).containsText("Printer does not print");
            assertThat(entry).containsText("Is the printer on, with no error on its screen? → Yes · Can other people print on it? → No, nobody");
            assertThat(entry).containsText("→ It works now · ⇒ Solved at first contact");
            page.locator(".check-panel button:has-text('Resolve the ticket')").click();
            assertThat(page.locator(".ticket-head .status")).hasText("Resolved");
            assertThat(page.locator(".check-panel button:has-text('Resolve the ticket')")).hasCount(0);
        }
    }

    @Test
    @Order(8)
    void aCustomerWritingANewRequestSeesHintsForWhatTheyType() {
        var tenant = fixtures.tenant("Hints");
        try (var context = newContext("fr-FR")) {
            var page = context.newPage();
            signIn(page, tenant.customer().login(), Fixtures.PASSWORD);
            page.navigate(url("/my/tickets/new"));
            page.waitForLoadState(com.microsoft.playwright.options.LoadState.LOAD);
            page.waitForFunction("() => window.htmx !== undefined");
            var hints = page.waitForResponse(r -> r.url().contains("/my/hints") && r.url().contains("Printer"),
                    () -> page.locator("#my-new-form [name=subject]").pressSequentially("Printer " + tenant.secretWord()));
            assertThat(hints.status()).isEqualTo(200);
        }
    }

    @Test
    @Order(9)
    void theQueueGivesTheSubjectItsRoomAt1366x768InFrenchAndInEnglish() throws Exception {
        var desk = fixtures.tenant("Layout");
        for (var subject : List.of("L'imprimante du 3e étage affiche « bourrage papier » sans feuille coincée",
                "VPN client 5.2 drops every ten minutes after the laptop wakes from sleep",
                "Accès au dossier partagé Finance refusé depuis le changement d'équipe")) {
            tickets.open(new io.relais.ticket.TicketCommands.NewTicket(subject, subject, desk.customer().id(), null,
                    io.relais.ticket.TicketEnums.Impact.DEPARTMENT, io.relais.ticket.TicketEnums.Urgency.HIGH,
                    io.relais.ticket.TicketEnums.Channel.PHONE, desk.groupId(), desk.agent().id(), List.of()), desk.agent().actor());
        }
        Files.createDirectories(SCREENSHOTS);
        for (var language : List.of("fr", "en")) {
            var locale = java.util.Locale.forLanguageTag(language);
            try (var context = newContext("fr".equals(language) ? "fr-FR" : "en-GB")) {
                var page = context.newPage();
                signIn(page, desk.agent().login(), Fixtures.PASSWORD);
                page.click(".lang button[value=" + language + "]"); // the agent's first sign-in chose French for them
                page.navigate(url("/queues/open"));
                assertThat(page.locator("html")).hasAttribute("lang", language);
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("queue-1366x768-" + language + ".png")));
                var table = page.locator("table.tickets").boundingBox().width;
                var subject = page.locator("table.tickets td.subject").first().boundingBox().width;
                assertThat(subject).as(language + ": the subject's width, of a row of " + table).isGreaterThanOrEqualTo(table / 4);
                // each short column holds the longest text it shows: put it in the first row and measure
                var longest = java.util.Map.of(
                        "td:nth-child(8)", List.of(messages.getMessage("queue.slaOverdue", new Object[] {formats.spanShort(java.time.Duration.ofHours(-47), locale)}, locale),
                                messages.getMessage("sla.left", new Object[] {formats.spanShort(java.time.Duration.ofHours(47), locale)}, locale),
                                messages.getMessage("queue.slaOverdue", new Object[] {formats.span(java.time.Duration.ofMinutes(-1439), locale)}, locale)),
                        "td:nth-child(9)", List.of(formats.relativeShort(java.time.Instant.now().minusSeconds(5), locale),
                                formats.relativeShort(java.time.Instant.now().minus(java.time.Duration.ofDays(400)), locale),
                                formats.relativeShort(java.time.Instant.now().minusSeconds(59 * 60), locale)),
                        "td:nth-child(6)", java.util.Arrays.stream(io.relais.ticket.Status.values())
                                .map(st -> messages.getMessage("status." + st, null, locale)).toList());
                for (var column : longest.entrySet()) {
                    for (var text : column.getValue()) {
                        var cut = page.evaluate("([cell, text]) => { const td = document.querySelector('table.tickets tbody tr ' + cell);"
                                + " const span = td.querySelector('span, time'); span.textContent = text;"
                                + " if (cell.endsWith('(8)')) { span.className = 'sla sla-breached'; }"
                                + " return td.scrollWidth > td.clientWidth; }", List.of(column.getKey(), text));
                        assertThat(cut).as(language + ": \"" + text + "\" cut in " + column.getKey()).isEqualTo(false);
                    }
                }
                var cutHeaders = page.evaluate("() => [...document.querySelectorAll('table.tickets th')]"
                        + ".filter(th => th.scrollWidth > th.clientWidth).map(th => th.textContent.trim())");
                assertThat((List<?>) cutHeaders).as(language + ": headers cut").isEmpty();
            }
        }
    }

    @Test
    @Order(10)
    void theWorkspacePagesOpenWithoutAnErrorInTheConsole() {
        var tenant = fixtures.tenant("Pages");
        var admin = fixtures.agent("Pages admin", "pages-admin-" + System.nanoTime() + "@browser.example",
                io.relais.security.Role.ADMIN, java.util.Set.of());
        try (var context = newContext("fr-FR")) {
            var page = context.newPage();
            signIn(page, admin.login(), Fixtures.PASSWORD);
            for (var path : List.of("/queues/open", "/tickets/" + tenant.ticketId(), "/tickets/new", "/kb", "/kb/new",
                    "/search?q=printer", "/known-errors", "/known-errors/new", "/reports/sla", "/notices", "/account/tokens",
                    "/admin/organizations", "/admin/contacts", "/admin/agents", "/admin/groups", "/admin/sla",
                    "/admin/mailboxes", "/admin/checks", "/admin/mail/outbox")) {
                page.navigate(url(path));
                page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
                assertThat(page.locator("h1").first()).isVisible();
            }
        }
    }

    private BrowserContext newContext(String locale) {
        var context = browser.newContext(new Browser.NewContextOptions().setLocale(locale).setViewportSize(1366, 768));
        context.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                consoleErrors.add(m.page().url() + ": console error: " + m.text());
            }
        });
        context.onWebError(e -> consoleErrors.add((e.page() == null ? "?" : e.page().url()) + ": page error: " + e.error()));
        return context;
    }

    /** A console error the test caused on purpose (a page it was refused, as the test expects): not a defect. */
    private void expectedInConsole(String text) {
        consoleErrors.removeIf(e -> e.contains(text));
    }

    private void signIn(Page page, String login, String password) {
        page.navigate(url("/login"));
        page.fill("input[name=username]", login);
        page.fill("input[name=password]", password);
        page.click("button[type=submit]");
        page.waitForLoadState();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** The heading shows before the deferred scripts run: wait for them, or a shortcut key goes nowhere. */
    private static void scriptsReady(Page page) {
        page.waitForLoadState(com.microsoft.playwright.options.LoadState.LOAD);
        page.waitForFunction("() => window.htmx !== undefined && document.documentElement.dataset.shortcuts === 'on'");
    }
}
