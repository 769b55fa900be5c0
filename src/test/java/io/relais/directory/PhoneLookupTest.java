package io.relais.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.relais.Fixtures.Person;
import io.relais.IntegrationTest;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.GroupForm;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.search.DirectorySearch;
import io.relais.search.TicketSearch;
import io.relais.security.Actor;
import io.relais.security.Role;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketService;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** A caller's number, written nationally or internationally, finds the contact and their tickets (issue 23, 4.3). */
class PhoneLookupTest extends IntegrationTest {
    private static final Actor SYSTEM = Actor.system("test");

    @Autowired Directory directory;
    @Autowired AgentsAndGroups agentsAndGroups;
    @Autowired DirectorySearch directorySearch;
    @Autowired TicketSearch ticketSearch;
    @Autowired TicketService tickets;
    @Autowired MockMvc mvc;

    @Test
    void anyWritingOfAFrenchNumberFindsTheCallerTheContactAndTheirTickets() throws Exception {
        var a = fixtures.tenant("Appel");
        var b = fixtures.tenant("Ailleurs");
        var name = "Paul Appelant " + a.organizationId();
        var caller = directory.createContact(SYSTEM, new ContactForm(a.organizationId(), name, null, "+33 1 23 45 67 89",
                "fr", false, false));
        var ticket = tickets.open(new NewTicket("Poste bloqué", "Le poste ne démarre plus", caller.id(), null, Impact.USER,
                Urgency.MEDIUM, Channel.PHONE, a.groupId(), null, List.of()), a.agent().actor());
        // the same number in an organization the agent does not serve
        var hidden = directory.createContact(SYSTEM, new ContactForm(b.organizationId(), "Hidden " + b.organizationId(), null,
                "01 23 45 67 89", "fr", false, false));

        for (var q : List.of("0123456789", "01 23 45 67 89", "+33123456789", "0033 1 23 45 67 89")) {
            assertThat(lookupPage(a.agent(), q)).as("caller look-up of %s", q).contains(name)
                    .doesNotContain(hidden.name());
            assertThat(contactIds(a.agent().actor(), q)).as("search page of %s", q).contains(caller.id())
                    .doesNotContain(hidden.id());
            assertThat(ticketIds(a.agent().actor(), q)).as("ticket search of %s", q).contains(ticket.id());
        }
    }

    @Test
    void otherPhonesAreMatchedInE164Too() throws Exception {
        var a = fixtures.tenant("Autres");
        var name = "Anne Autre " + a.organizationId();
        var c = directory.createContact(SYSTEM, new ContactForm(a.organizationId(), name, "anne" + a.organizationId() + "@perso.example", null, "fr", false, false,
                List.of(), List.of("06 11 22 33 44")));
        assertThat(lookupPage(a.agent(), "+33 6 11 22 33 44")).contains(name);
        assertThat(contactIds(a.agent().actor(), "0033611223344")).contains(c.id());
    }

    @Test
    void aBritishNumberWrittenNationallyIsFoundByItsInternationalForm() throws Exception {
        var n = Long.toString(System.nanoTime(), 36);
        var org = directory.createOrganization(SYSTEM, new OrganizationForm("London Ltd " + n, "london" + n + ".example",
                null, "Europe/London", "en"));
        var group = agentsAndGroups.createGroup(SYSTEM, new GroupForm("Team London " + n, SupportLevel.L1, false, Set.of(org.id()), null));
        var agent = fixtures.agent("London agent " + n, "agent-" + n + "@london.example", Role.AGENT, Set.of(group.id()));
        var name = "Oliver Caller " + n;
        var c = directory.createContact(SYSTEM, new ContactForm(org.id(), name, null, "020 7946 0958", "en", false, false));
        var ticket = tickets.open(new NewTicket("Laptop", "It does not boot", c.id(), null, Impact.USER, Urgency.MEDIUM,
                Channel.PHONE, group.id(), null, List.of()), agent.actor());

        assertThat(lookupPage(agent, "+44 20 7946 0958")).contains(name);
        assertThat(contactIds(agent.actor(), "+44 20 7946 0958")).contains(c.id());
        assertThat(ticketIds(agent.actor(), "+44 20 7946 0958")).contains(ticket.id());
        // a French agent does not see it, whatever the writing
        var fr = fixtures.tenant("Paris");
        assertThat(lookupPage(fr.agent(), "+44 20 7946 0958")).doesNotContain(name);
        assertThat(contactIds(fr.agent().actor(), "020 7946 0958")).doesNotContain(c.id());
    }

    private String lookupPage(Person agent, String q) throws Exception {
        var principal = new AccountPrincipal(agent.accountId(), agent.login(), null, agent.id(), null, "en", "AGENT", true);
        var r = mvc.perform(get("/contacts/lookup").param("q", q).with(user(principal))).andReturn().getResponse();
        assertThat(r.getStatus()).isEqualTo(200);
        return r.getContentAsString();
    }

    private List<Long> contactIds(Actor actor, String q) {
        return directorySearch.contacts(actor, q, 20).stream().map(DirectorySearch.ContactHit::id).toList();
    }

    private List<Long> ticketIds(Actor actor, String q) {
        return ticketSearch.search(actor, q, TicketSearch.Sort.RELEVANCE, null, 50).hits().stream().map(TicketSearch.Hit::id).toList();
    }
}
