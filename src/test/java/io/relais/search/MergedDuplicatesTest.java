package io.relais.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.relais.IntegrationTest;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.Status;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketLinks;
import io.relais.ticket.TicketService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** A duplicate merged into another ticket was not handled on its own: it is never offered as a similar request. */
class MergedDuplicatesTest extends IntegrationTest {
    @Autowired
    MockMvc mvc;
    @Autowired
    TicketService tickets;
    @Autowired
    TicketLinks ticketLinks;
    @Autowired
    SimilarTickets similar;

    @Test
    void aMergedDuplicateIsOfferedNeitherToAgentsNorToTheCustomer() throws Exception {
        var t = fixtures.tenant("Duplicates");
        var agent = t.agent().actor();
        var words = "Laser printer " + t.secretWord() + " jams on tray two";
        var handled = open(t, words);
        tickets.addMessage(handled, new NewMessage("Clean the rollers of tray two", false, List.of()), agent);
        tickets.update(handled, TicketUpdate.status(Status.RESOLVED), agent);
        var duplicate = open(t, words);
        ticketLinks.merge(duplicate, handled, agent);
        var fresh = open(t, words + " again");

        assertThat(similar.like(agent, fresh, 5)).extracting(SimilarTickets.Similar::id).contains(handled).doesNotContain(duplicate);
        var page = mvc.perform(get("/search/similar/" + fresh).with(user(new AccountPrincipal(t.agent().accountId(),
                t.agent().login(), null, t.agent().id(), null, "en", "AGENT", true)))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("/tickets/" + handled + "\"").doesNotContain("/tickets/" + duplicate + "\"");

        // the customer writing a new request with the same words
        var customer = new AccountPrincipal(t.customer().accountId(), t.customer().login(), null, null, t.customer().id(), "en",
                "CUSTOMER", true);
        var hints = mvc.perform(get("/my/hints").param("subject", words).with(user(customer))).andReturn().getResponse()
                .getContentAsString();
        assertThat(hints).contains("/my/tickets/" + handled + "\"").doesNotContain("/my/tickets/" + duplicate + "\"");
    }

    private long open(io.relais.Fixtures.Tenant t, String subject) {
        return tickets.open(new NewTicket(subject, "Paper jam light on", t.customer().id(), null, Impact.USER, Urgency.MEDIUM,
                Channel.PHONE, t.groupId(), t.agent().id(), List.of()), t.agent().actor()).id();
    }
}
