package io.relais.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.relais.IntegrationTest;
import io.relais.security.Role;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;

class SearchPageTest extends IntegrationTest {
    @Autowired MockMvc mvc;
    @Autowired TicketService tickets;
    @Autowired SearchIndex index;
    @LocalServerPort int port;

    @Test
    void thePageShowsEscapedHighlightsAndFacetsAndTheApiAnswersWithinScope() throws Exception {
        var a = fixtures.tenant("Page");
        var b = fixtures.tenant("Elsewhere");
        var id = tickets.open(new NewTicket("Scanner <script>alert(1)</script> brouillé", "Le scanner Kodak affiche des rayures.",
                a.customer().id(), null, Impact.USER, Urgency.MEDIUM, Channel.EMAIL, a.groupId(), null, List.of()),
                a.agent().actor()).id();
        var agent = new AccountPrincipal(a.agent().accountId(), a.agent().login(), null, a.agent().id(), null, "en", "AGENT", true);
        var page = mvc.perform(get("/search").param("q", "scanner").with(user(agent))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("/tickets/" + id).contains("<mark>Scanner</mark> &lt;script&gt;").doesNotContain("<script>alert(1)")
                .contains("1 ticket").contains("Organization").contains("Last 7 days");
        var bad = mvc.perform(get("/search").param("q", "status:sleeping").with(user(agent))).andReturn().getResponse();
        assertThat(bad.getStatus()).isEqualTo(200);
        assertThat(bad.getContentAsString()).contains("does not know");

        var http = HttpClient.newHttpClient();
        var mine = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/search/tickets?q=rayures"))
                .header("Authorization", "Bearer " + a.customer().token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).contains("\"id\":" + id).contains("\"total\":1");
        var theirs = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/search/tickets?q=rayures&facets=true"))
                .header("Authorization", "Bearer " + b.agent().token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(theirs.body()).contains("\"total\":0").contains("\"status\":[]").doesNotContain("\"id\":" + id)
                .doesNotContain("\"count\"");
        var badLimit = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/search/tickets?q=x&limit=5000"))
                .header("Authorization", "Bearer " + a.agent().token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(badLimit.statusCode()).isEqualTo(422);
        assertThat(badLimit.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));

        // The rebuild: administrators only, and afterwards the ticket is still found exactly once.
        var reindexByAgent = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/search/reindex"))
                .header("Authorization", "Bearer " + a.agent().token()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reindexByAgent.statusCode()).isEqualTo(403);
        var admin = fixtures.agent("Search admin " + System.nanoTime(), "sa" + System.nanoTime() + "@relais.example", Role.ADMIN, Set.of());
        var started = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/search/reindex"))
                .header("Authorization", "Bearer " + admin.token()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).isEqualTo(202);
        io.relais.Patience.until("the reindex to finish", () -> index.progress().running(), running -> !running);
        assertThat(index.progress().running()).isFalse();
        assertThat(index.progress().error()).isNull();
        assertThat(index.progress().done()).isGreaterThanOrEqualTo(3);
        var after = mvc.perform(get("/search").param("q", "rayures").with(user(agent))).andReturn().getResponse().getContentAsString();
        assertThat(after).contains("1 ticket");
        // and the page's rebuild form needs an administrator and a CSRF token
        assertThat(mvc.perform(post("/search/reindex").with(user(agent)).with(csrf())).andReturn().getResponse().getStatus())
                .isEqualTo(403);
    }
}
