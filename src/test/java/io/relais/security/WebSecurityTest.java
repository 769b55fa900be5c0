package io.relais.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.relais.Fixtures;
import io.relais.IntegrationTest;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

class WebSecurityTest extends IntegrationTest {
    @Autowired MockMvc mvc;
    @Autowired ApiTokens tokens;
    @Autowired TicketService tickets;
    @Autowired TicketReads queries;
    @LocalServerPort int port;

    @Test
    void pagesCarryACspWithoutInlineScriptAndRefuseFraming() throws Exception {
        var r = mvc.perform(get("/login")).andReturn().getResponse();
        assertThat(r.getHeader("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline")
                .contains("frame-ancestors 'none'");
        assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.getContentAsString()).doesNotContain("<script>").doesNotContain("onclick=").doesNotContain("style=\"");
    }

    @Test
    void aFormPostWithoutCsrfTokenIsRefused() throws Exception {
        var t = fixtures.tenant("Csrf");
        var session = login(t.agent().login(), Fixtures.PASSWORD);
        var refused = mvc.perform(post("/tickets/" + t.ticketId() + "/note").param("body", "forged").session(session))
                .andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(queries.conversation(t.agent().actor(), t.ticketId())).noneMatch(a -> a.body().equals("forged"));
        var accepted = mvc.perform(post("/tickets/" + t.ticketId() + "/note").param("body", "genuine").session(session).with(csrf()))
                .andReturn().getResponse();
        assertThat(accepted.getStatus()).isEqualTo(302);
    }

    @Test
    void loginChangesTheSessionIdAndWrongPasswordsAreThrottled() throws Exception {
        var t = fixtures.tenant("Login");
        // Over real HTTP: the session cookie of the anonymous visit is replaced at login.
        var cookies = new java.net.CookieManager();
        var browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        var page = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var before = sessionCookie(cookies);
        var token = page.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        var form = "username=" + java.net.URLEncoder.encode(t.agent().login(), StandardCharsets.UTF_8) + "&password="
                + Fixtures.PASSWORD + "&_csrf=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);
        var login = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/"));
        assertThat(before).isNotNull();
        assertThat(sessionCookie(cookies)).isNotNull().isNotEqualTo(before);

        for (int i = 0; i < 5; i++) {
            var r = mvc.perform(post("/login").param("username", t.customer().login()).param("password", "wrong-" + i).with(csrf()))
                    .andReturn().getResponse();
            assertThat(r.getRedirectedUrl()).isEqualTo("/login?error");
        }
        // Locked now, even with the right password.
        var locked = mvc.perform(post("/login").param("username", t.customer().login()).param("password", Fixtures.PASSWORD)
                .with(csrf())).andReturn().getResponse();
        assertThat(locked.getRedirectedUrl()).isEqualTo("/login?locked");
    }

    @Test
    void aRevokedTokenNoLongerWorksAndLastUseIsRecorded() throws Exception {
        var t = fixtures.tenant("Token");
        var actor = t.agent().actor();
        var created = tokens.create(actor, "script");
        assertThat(api(created.secret(), "/api/v1/tickets/" + t.ticketId())).isEqualTo(200);
        assertThat(tokens.list(actor)).filteredOn(i -> i.id() == created.id()).singleElement()
                .satisfies(i -> {
                    assertThat(i.lastUsedAt()).isNotNull();
                    assertThat(i.prefix()).startsWith("rls_");
                    assertThat(created.secret()).startsWith(i.prefix());
                });
        tokens.revoke(actor, created.id());
        assertThat(api(created.secret(), "/api/v1/tickets/" + t.ticketId())).isEqualTo(401);
        assertThat(api(t.agent().token(), "/api/v1/tickets/" + t.ticketId())).isEqualTo(200);
    }

    @Test
    void attachmentsAreDownloadsExceptAllowListedImagesAndSvgNeverRendersInline() throws Exception {
        var t = fixtures.tenant("Files");
        var agent = t.agent().actor();
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8);
        var png = new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};
        tickets.addMessage(t.ticketId(), new NewMessage("files", true, List.of(
                new Upload("evil.svg", "image/svg+xml", svg), new Upload("../../etc/shot.png", "image/png", png),
                new Upload("page.html", "text/html", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)))), agent);
        var files = queries.attachments(agent, t.ticketId());
        var svgId = files.stream().filter(f -> f.filename().equals("evil.svg")).findFirst().orElseThrow().id();
        var pngFile = files.stream().filter(f -> f.filename().equals("shot.png")).findFirst().orElseThrow();
        var htmlId = files.stream().filter(f -> f.filename().equals("page.html")).findFirst().orElseThrow().id();
        var session = login(t.agent().login(), Fixtures.PASSWORD);

        var svgResponse = mvc.perform(get("/tickets/" + t.ticketId() + "/attachments/" + svgId).param("inline", "true").session(session))
                .andReturn().getResponse();
        assertThat(svgResponse.getHeader("Content-Disposition")).startsWith("attachment");
        assertThat(svgResponse.getContentType()).isEqualTo("application/octet-stream");
        assertThat(svgResponse.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(svgResponse.getHeader("Content-Security-Policy")).contains("sandbox");

        var html = mvc.perform(get("/tickets/" + t.ticketId() + "/attachments/" + htmlId).param("inline", "true").session(session))
                .andReturn().getResponse();
        assertThat(html.getHeader("Content-Disposition")).startsWith("attachment");

        var image = mvc.perform(get("/tickets/" + t.ticketId() + "/attachments/" + pngFile.id()).param("inline", "true").session(session))
                .andReturn().getResponse();
        assertThat(image.getHeader("Content-Disposition")).startsWith("inline");
        assertThat(image.getContentType()).isEqualTo("image/png");
        assertThat(image.getContentAsByteArray()).isEqualTo(png);
    }

    @Test
    void theLanguageSwitchOnlyRedirectsWithinTheSite() throws Exception {
        var t = fixtures.tenant("Lang");
        var session = login(t.agent().login(), Fixtures.PASSWORD);
        var evil = mvc.perform(post("/lang").param("l", "fr").param("back", "//evil.example/x").session(session).with(csrf()))
                .andReturn().getResponse();
        assertThat(evil.getRedirectedUrl()).isEqualTo("/");
        assertThat(evil.getCookie("relais-lang").getValue()).isEqualTo("fr");
        var page = mvc.perform(get("/queues/open").session(session).cookie(evil.getCookie("relais-lang"))).andReturn().getResponse();
        assertThat(page.getContentAsString()).contains("Tous les ouverts").contains("lang=\"fr\"");
    }

    @Test
    void setupIsClosedOnceAnAccountExists() throws Exception {
        fixtures.tenant("Setup");
        var r = mvc.perform(get("/setup")).andReturn().getResponse();
        assertThat(r.getRedirectedUrl()).isEqualTo("/login");
        var post = mvc.perform(post("/setup").param("name", "Mallory").param("email", "mallory@evil.example")
                .param("password", "0123456789ab").param("passwordAgain", "0123456789ab").with(csrf())).andReturn().getResponse();
        assertThat(post.getRedirectedUrl()).isEqualTo("/login");
        assertThat(mvc.perform(post("/login").param("username", "mallory@evil.example").param("password", "0123456789ab")
                .with(csrf())).andReturn().getResponse().getRedirectedUrl()).isEqualTo("/login?error");
    }

    @Test
    void healthIsPublicAndPrometheusNeedsAnAdministrator() throws Exception {
        assertThat(mvc.perform(get("/actuator/health")).andReturn().getResponse().getStatus()).isEqualTo(200);
        var t = fixtures.tenant("Metrics");
        assertThat(api(t.agent().token(), "/actuator/prometheus")).isEqualTo(403);
        var admin = fixtures.agent("Metrics admin", "metrics-" + System.nanoTime() + "@relais.example", Role.ADMIN, java.util.Set.of());
        assertThat(api(admin.token(), "/actuator/prometheus")).isEqualTo(200);
    }

    private static String sessionCookie(java.net.CookieManager cookies) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    private MockHttpSession login(String login, String password) throws Exception {
        var result = mvc.perform(post("/login").param("username", login).param("password", password).with(csrf())).andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/");
        return (MockHttpSession) result.getRequest().getSession();
    }

    private int api(String token, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
