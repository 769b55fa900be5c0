package io.relais.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relais.Fixtures;
import io.relais.IntegrationTest;
import io.relais.common.InvalidInputException;
import io.relais.security.Actor;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TicketSearchTest extends IntegrationTest {
    @Autowired TicketSearch search;
    @Autowired TicketService tickets;
    @Autowired TicketReads queries;

    Fixtures.Tenant a;
    Fixtures.Tenant b;
    long imprimantes;
    long printers;
    long codes;
    long jam;
    long jamReversed;

    @BeforeEach
    void desk() {
        a = fixtures.tenant("Seek");
        b = fixtures.tenant("Hide");
        var agent = a.agent().actor();
        imprimantes = open(agent, "Les imprimantes du 3e étage ne répondent plus",
                "Bonjour, depuis ce matin l'imprimante HP du couloir affiche « erreur 0x80070005 ».");
        printers = open(agent, "Two printers offline on floor 2", "Hello, both printers in room 204 show a paper error.");
        codes = open(agent, "Base de données injoignable", "Le client ERP renvoie ORA-12541: TNS:no listener depuis la mise à jour.");
        open(agent, "Autre base", "Le poste renvoie ORA-12560 au démarrage.");
        jam = open(agent, "Paper jam in tray 2", "The paper jam comes back every morning.");
        jamReversed = open(agent, "Tray 2 keeps jamming", "A jam of paper again.");
        tickets.addMessage(printers, new NewMessage("Internal: the toner supplier is Zebulon", true, List.of()), agent);
    }

    private long open(Actor agent, String subject, String body) {
        return tickets.open(new NewTicket(subject, body, a.customer().id(), null, Impact.USER, Urgency.MEDIUM, Channel.EMAIL,
                a.groupId(), null, List.of("printer")), agent).id();
    }

    private List<Long> ids(Actor actor, String q) {
        return search.search(actor, q, TicketSearch.Sort.RELEVANCE, null, 50).hits().stream().map(TicketSearch.Hit::id).toList();
    }

    @Test
    void frenchAndEnglishWordsAreFoundWhateverTheirFormAndAccents() {
        var agent = a.agent().actor();
        assertThat(ids(agent, "imprimante")).contains(imprimantes).doesNotContain(printers);
        assertThat(ids(agent, "imprimantes etage")).containsExactly(imprimantes);
        assertThat(ids(agent, "ÉTAGE")).containsExactly(imprimantes);
        assertThat(ids(agent, "printer")).contains(printers).doesNotContain(imprimantes);
        assertThat(ids(agent, "printers offline")).first().isEqualTo(printers);
        // l'imprimante: the elided article does not hide the word
        assertThat(ids(agent, "l'imprimante")).contains(imprimantes);
    }

    @Test
    void errorCodesNumbersAndPhrasesAreExact() {
        var agent = a.agent().actor();
        assertThat(ids(agent, "0x80070005")).containsExactly(imprimantes);
        assertThat(ids(agent, "ORA-12541")).containsExactly(codes);
        assertThat(ids(agent, "\"ORA-12541\"")).containsExactly(codes);
        assertThat(ids(agent, "\"paper jam\"")).contains(jam).doesNotContain(jamReversed);
        var number = queries.ticket(agent, codes).orElseThrow().number().value();
        assertThat(ids(agent, "#" + number)).first().isEqualTo(codes);
        assertThat(ids(agent, String.valueOf(number))).first().isEqualTo(codes);
        assertThat(ids(agent, a.customer().login())).contains(imprimantes, printers, codes);
    }

    @Test
    void hitsShowHighlightedSnippetsAndFacetsCountWhatMatches() {
        var agent = a.agent().actor();
        var results = search.search(agent, "imprimante", TicketSearch.Sort.RELEVANCE, null, 10);
        var hit = results.hits().stream().filter(h -> h.id() == imprimantes).findFirst().orElseThrow();
        assertThat(hit.subjectHighlights()).anySatisfy(s -> assertThat(s).contains("<mark>imprimantes</mark>"));
        assertThat(results.facets().get("status")).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("NEW");
            assertThat(f.count()).isEqualTo(results.total());
        });
        assertThat(results.facets().get("organization")).singleElement().satisfies(f -> assertThat(f.id()).isEqualTo(a.organizationId()));
        assertThat(ids(agent, "printer status:open")).doesNotContain(printers).contains(a.ticketId());
        assertThat(ids(agent, "printer status:new")).contains(printers);
        assertThat(ids(agent, "tag:printer jam")).contains(jam, jamReversed);
        // subject: looks at the subject only ("paper" is in both tickets' text, in one subject)
        assertThat(ids(agent, "subject:paper")).contains(jam).doesNotContain(jamReversed, printers);
        assertThat(ids(agent, "subject:\"paper jam\"")).containsExactly(jam);
        assertThat(ids(agent, "org:\"" + a.label() + "\" jam")).contains(jam);
        assertThatThrownBy(() -> ids(agent, "status:sleeping")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void internalNotesAreSearchedByAgentsOnly() {
        assertThat(ids(a.agent().actor(), "Zebulon")).containsExactly(printers);
        assertThat(ids(a.manager().actor(), "Zebulon")).isEmpty();
        assertThat(ids(a.customer().actor(), "Zebulon")).isEmpty();
        assertThat(ids(a.customer().actor(), "printers")).contains(printers);
    }

    @Test
    void nobodyOfOneOrganizationFindsOrCountsAnotherOrganizationsTickets() {
        // B's secret word is in B's subjects, descriptions and notes; A's people must see nothing of it, not even a count.
        var words = List.of(b.secretWord(), "\"" + b.secretWord() + "\"", b.secretWord() + "*", "printer " + b.secretWord(),
                b.customer().login(), "#" + queries.ticket(b.agent().actor(), b.ticketId()).orElseThrow().number().value());
        var people = List.of(a.agent(), a.customer(), a.manager());
        var leaks = new ArrayList<String>();
        for (var person : people) {
            for (var word : words) {
                for (var sort : TicketSearch.Sort.values()) {
                    var r = search.search(person.actor(), word, sort, null, 20);
                    var counted = r.facets().values().stream().flatMap(List::stream).mapToLong(TicketSearch.FacetValue::count).sum();
                    if (r.total() != 0 || !r.hits().isEmpty() || counted != 0) {
                        leaks.add(person.login() + " / " + word + " / " + sort + ": " + r.total() + " hits, " + counted + " counted");
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
        // and B's own agent does find them
        assertThat(ids(b.agent().actor(), b.secretWord())).contains(b.ticketId());
        // A's customer sees only their own tickets, the manager the whole organization
        assertThat(ids(a.customer().actor(), a.secretWord())).contains(a.ticketId()).doesNotContain(a.otherTicketId());
        assertThat(ids(a.manager().actor(), "VPN " + a.secretWord())).contains(a.otherTicketId());
        // no words at all: what the person may see is the only clause left (a query of filters alone)
        for (var sort : TicketSearch.Sort.values()) {
            assertThat(search.search(a.customer().actor(), "", sort, null, 100).hits()).extracting(TicketSearch.Hit::id)
                    .contains(a.ticketId()).doesNotContain(a.otherTicketId(), b.ticketId(), b.otherTicketId());
            assertThat(search.search(a.agent().actor(), "status:new", sort, null, 100).hits()).extracting(TicketSearch.Hit::id)
                    .isNotEmpty().doesNotContain(b.ticketId(), b.otherTicketId());
        }
    }

    @Test
    void datePagesFollowOneAnotherWithoutGapsOrRepeats() {
        var agent = a.agent().actor();
        var seen = new ArrayList<Long>();
        String cursor = null;
        do {
            var page = search.search(agent, "tag:printer", TicketSearch.Sort.NEWEST, cursor, 2);
            page.hits().forEach(h -> seen.add(h.id()));
            cursor = page.next();
        } while (cursor != null);
        assertThat(seen).doesNotHaveDuplicates().contains(imprimantes, printers, codes, jam, jamReversed);
        assertThatThrownBy(() -> search.search(agent, "x", TicketSearch.Sort.NEWEST, "k-garbage", 2))
                .isInstanceOf(InvalidInputException.class);
    }
}
