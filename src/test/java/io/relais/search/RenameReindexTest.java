package io.relais.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.IntegrationTest;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.security.Actor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RenameReindexTest extends IntegrationTest {
    @Autowired io.relais.ticket.TicketReads queries;
    @Autowired Directory directory;
    @Autowired TicketSearch search;

    @Test
    void renamingARequesterOrAnOrganizationRewritesTheirTicketsAndNothingElse() throws Exception {
        var a = fixtures.tenant("Rename");
        var other = fixtures.tenant("RenameOther");
        var agent = a.agent().actor();
        var newName = "Zoltan" + Long.toString(System.nanoTime(), 36);
        var contact = directory.contact(Actor.system("t"), a.customer().id()).orElseThrow();
        directory.updateContact(Actor.system("t"), contact.id(), new ContactForm(contact.organizationId(), newName, contact.email(),
                contact.phone(), "en", false, false));
        assertThat(eventually(1, () -> search.search(agent, newName, TicketSearch.Sort.RELEVANCE, null, 10, false).total())).isEqualTo(1);

        var org = directory.organization(Actor.system("t"), a.organizationId()).orElseThrow();
        var orgName = "Quuxcorp" + Long.toString(System.nanoTime(), 36);
        directory.updateOrganization(Actor.system("t"), org.id(), new OrganizationForm(orgName, String.join(",", org.domains()),
                org.contractRef(), org.timeZone(), org.language()));
        assertThat(eventually(2, () -> search.search(agent, orgName, TicketSearch.Sort.RELEVANCE, null, 10, false).total())).isEqualTo(2);
        // each rewritten document replaced the old one: A's two tickets are found once each, by their word and number
        assertThat(search.search(agent, a.secretWord(), TicketSearch.Sort.RELEVANCE, null, 10, false).total()).isEqualTo(2);
        assertThat(search.search(agent, "#" + queries.ticket(agent, a.ticketId()).orElseThrow().number().value(),
                TicketSearch.Sort.RELEVANCE, null, 10, false).total()).isEqualTo(1);
        // the other tickets are still in the index (a partial rewrite never purges)
        assertThat(search.search(other.agent().actor(), other.secretWord(), TicketSearch.Sort.RELEVANCE, null, 10, false).total())
                .isGreaterThanOrEqualTo(1);
    }

    /** The count once it reaches {@code expected} (the rewrite runs in the background, ticket by ticket). */
    private static long eventually(long expected, java.util.function.LongSupplier count) {
        return io.relais.Patience.until("a count of " + expected, count::getAsLong, n -> n >= expected);
    }
}
