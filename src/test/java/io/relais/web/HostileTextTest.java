package io.relais.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.relais.IntegrationTest;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketService;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Text an outsider controls, through the pages and the API: a reply made of quoted lines, an
 * address of sixty thousand characters. The guard only stops a request that would hang.
 */
class HostileTextTest extends IntegrationTest {
    static final Duration GUARD = Duration.ofSeconds(10);

    @Autowired MockMvc mvc;
    @Autowired TicketService tickets;

    @Test
    void theTicketPageShowsAReplyAboveFifteenHundredQuotedLinesWithItsHistoryFolded() throws Exception {
        var t = fixtures.tenant("Quotes");
        tickets.addMessage(t.ticketId(), new NewMessage("Thanks, it prints again.\n"
                + "> the printer on the 2nd floor is down\n".repeat(1_500), false, List.of()), t.agent().actor());
        var agent = new AccountPrincipal(t.agent().accountId(), t.agent().login(), null, t.agent().id(), null, "en", "AGENT", true);

        var response = assertTimeoutPreemptively(GUARD, () -> mvc.perform(get("/tickets/" + t.ticketId()).with(user(agent)))
                .andReturn().getResponse());

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).contains("Thanks, it prints again.</div>").contains("<details class=\"quoted\">");
    }

    @Test
    void aContactAddressOfSixtyThousandCharactersIsRefusedAtOnce() throws Exception {
        var t = fixtures.tenant("LongAddress");
        var body = "{\"organizationId\":" + t.organizationId() + ",\"name\":\"Long\",\"email\":\"a@" + ".".repeat(60_000) + " x\"}";

        var response = assertTimeoutPreemptively(GUARD, () -> mvc.perform(post("/api/v1/contacts")
                .header("Authorization", "Bearer " + t.agent().token()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andReturn().getResponse());

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"email\"");
    }
}
