package io.relais.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.relais.IntegrationTest;
import io.relais.security.Actor;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketService;
import io.relais.ticket.TicketSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The ticket page's guided checks list those of the ticket's category first, the starter checks included. */
class GuidedCheckOrderTest extends IntegrationTest {
    @Autowired
    MockMvc mvc;
    @Autowired
    StarterChecks starters;
    @Autowired
    TicketService tickets;
    @Autowired
    TicketSettings settings;

    private List<String> offered(io.relais.Fixtures.Tenant t, long ticketId) throws Exception {
        var agent = new AccountPrincipal(t.agent().accountId(), t.agent().login(), null, t.agent().id(), null, "en", "AGENT", true);
        var panel = mvc.perform(get("/checks/ticket/" + ticketId).with(user(agent))).andReturn().getResponse().getContentAsString();
        var m = Pattern.compile("<option value=\"\\d+\">([^<]*)</option>").matcher(panel);
        var titles = new ArrayList<String>();
        while (m.find()) {
            titles.add(m.group(1));
        }
        return titles;
    }

    private long ticket(io.relais.Fixtures.Tenant t, String subject, long categoryId) {
        return tickets.open(new NewTicket(subject, "Nothing loads since this morning", t.customer().id(), categoryId, Impact.USER,
                Urgency.MEDIUM, Channel.PHONE, t.groupId(), t.agent().id(), List.of()), t.agent().actor()).id();
    }

    @Test
    void theStarterCheckOfTheTicketsCategoryComesFirstAlsoForASubcategory() throws Exception {
        var admin = Actor.system("admin");
        starters.install(admin);
        var t = fixtures.tenant("CheckOrder");
        var network = settings.categories().stream().filter(c -> "Network".equals(c.nameEn()) && c.parentId() == null)
                .findFirst().orElseThrow().id();

        // no word of the subject is in any check's title: only the category can bring the network check up
        var id = ticket(t, "Intranet unreachable", network);
        assertThat(offered(t, id)).first().isEqualTo("EN · No network / Wi-Fi");

        // a category under Network: its parent's check comes first too
        var wifi = settings.saveCategory(admin, null, network, "Guest Wi-Fi " + t.organizationId(),
                "Wi-Fi invités " + t.organizationId(), 9, true).id();
        assertThat(offered(t, ticket(t, "Intranet unreachable", wifi))).first().isEqualTo("EN · No network / Wi-Fi");
    }
}
