package io.relais.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Fixtures;
import io.relais.IntegrationTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An error page leads back to where the person works: the workspace for an agent, their own requests for a customer. */
class ErrorPageHomeTest extends IntegrationTest {
    @LocalServerPort
    int port;

    /** A browser signed in as {@code login}, over real HTTP (error pages are rendered by the error dispatch). */
    private HttpClient signedIn(String login) throws Exception {
        var browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        var page = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var token = page.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        var form = "username=" + URLEncoder.encode(login, StandardCharsets.UTF_8) + "&password=" + Fixtures.PASSWORD
                + "&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        var response = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(302);
        return browser;
    }

    private HttpResponse<String> get(HttpClient browser, String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCustomersNotFoundPageLeadsToTheirRequestsAndAnAgentsToTheWorkspace() throws Exception {
        var t = fixtures.tenant("ErrorHome");
        var customer = signedIn(t.customer().login());
        for (var path : new String[] {"/my/tickets/" + t.otherTicketId() + "999", "/my/no-such-page"}) {
            var page = get(customer, path);
            assertThat(page.statusCode()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path).contains("href=\"/my/tickets\"").contains("Back to my requests")
                    .doesNotContain("Back to the workspace");
        }

        var agent = signedIn(t.agent().login());
        var page = get(agent, "/tickets/" + t.otherTicketId() + "999");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("Back to the workspace").doesNotContain("Back to my requests");
    }
}
