package io.relais.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Fixtures.Person;
import io.relais.IntegrationTest;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.ContactInfo;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.search.TicketSearch;
import io.relais.security.Actor;
import io.relais.security.Role;
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
import org.springframework.jdbc.core.simple.JdbcClient;

/** An organization's country: the region its people's numbers are read in (issue 23, 4.3). */
class OrganizationCountryTest extends IntegrationTest {
    private static final Actor SYSTEM = Actor.system("test");

    @Autowired Directory directory;
    @Autowired PhoneBackfill backfill;
    @Autowired JdbcClient jdbc;
    @Autowired TicketService tickets;
    @Autowired TicketSearch ticketSearch;
    @LocalServerPort int port;

    @Test
    void theApiDerivesTheCountryFromTheTimeZoneAndRefusesAnUnknownOne() throws Exception {
        var n = System.nanoTime();
        var admin = fixtures.agent("Admin " + n, "admin-" + n + "@desk.example", Role.ADMIN, Set.of());
        var london = post(admin, "{\"name\":\"Country London " + n + "\",\"timeZone\":\"Europe/London\"}");
        assertThat(london.statusCode()).isEqualTo(201);
        assertThat(london.body()).contains("\"country\":\"GB\"");
        var newYork = post(admin, "{\"name\":\"Country NY " + n + "\",\"timeZone\":\"America/New_York\"}");
        assertThat(newYork.body()).contains("\"country\":\"US\"");
        var given = post(admin, "{\"name\":\"Country BE " + n + "\",\"timeZone\":\"Europe/Paris\",\"country\":\"be\"}");
        assertThat(given.body()).contains("\"country\":\"BE\"");
        for (var bad : List.of("ZZ", "FRA", "1")) {
            var r = post(admin, "{\"name\":\"Country bad " + n + bad + "\",\"country\":\"" + bad + "\"}");
            // the validation answer of every directory field (as an unknown time zone)
            assertThat(r.statusCode()).as(bad).isEqualTo(422);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
            assertThat(r.body()).contains("country");
        }
    }

    @Test
    void aNewCountryReadsItsPeoplesNumbersAgain() {
        var a = fixtures.tenant("Pays");
        var c = directory.createContact(SYSTEM, new ContactForm(a.organizationId(), "Moved " + a.organizationId(), null,
                "020 7946 0958", "en", false, false));
        assertThat(ids(a.agent().actor(), "+44 20 7946 0958")).doesNotContain(c.id());
        var org = directory.organization(SYSTEM, a.organizationId()).orElseThrow();
        directory.updateOrganization(SYSTEM, org.id(), new OrganizationForm(org.name(), String.join(",", org.domains()),
                org.contractRef(), org.timeZone(), org.language(), "GB"));
        assertThat(ids(a.agent().actor(), "+44 20 7946 0958")).contains(c.id());
    }

    @Test
    void numbersWrittenBeforeE164AreKeyedAtStartUp() throws InterruptedException {
        var a = fixtures.tenant("Ancien");
        var c = directory.createContact(SYSTEM, new ContactForm(a.organizationId(), "Old row " + a.organizationId(), null,
                "01 23 45 67 89", "fr", false, false));
        // the row as the previous version wrote it: digits as typed, no country on the organization
        jdbc.sql("update contact set phone_digits = '0123456789', phone_region = null where id = ?").param(c.id()).update();
        jdbc.sql("update organization set country = null where id = ?").param(a.organizationId()).update();
        var ticket = tickets.open(new NewTicket("Old caller", "Called before the upgrade", c.id(), null, Impact.USER,
                Urgency.MEDIUM, Channel.PHONE, a.groupId(), null, List.of()), a.agent().actor()).id();
        assertThat(ids(a.agent().actor(), "+33 1 23 45 67 89")).doesNotContain(c.id());
        assertThat(ticketIds(a.agent().actor(), "+33 1 23 45 67 89")).doesNotContain(ticket);

        backfill.run();

        assertThat(jdbc.sql("select phone_digits from contact where id = ?").param(c.id()).query(String.class).single())
                .isEqualTo("33123456789");
        assertThat(jdbc.sql("select country from organization where id = ?").param(a.organizationId()).query(String.class).single())
                .isEqualTo("FR");
        assertThat(ids(a.agent().actor(), "+33 1 23 45 67 89")).contains(c.id());
        assertThat(directory.searchContacts(a.agent().actor(), "Old row", null, 10)).extracting(ContactInfo::phone)
                .containsExactly("01 23 45 67 89");
        // the tickets' documents are rewritten in the background
        io.relais.Patience.until("the ticket found by its number", () -> ticketIds(a.agent().actor(), "+33 1 23 45 67 89"),
                ids -> ids.contains(ticket));
        assertThat(ticketIds(a.agent().actor(), "0123456789")).contains(ticket);
    }

    private List<Long> ticketIds(Actor actor, String q) {
        return ticketSearch.search(actor, q, TicketSearch.Sort.RELEVANCE, null, 50, false).hits().stream()
                .map(TicketSearch.Hit::id).toList();
    }

    private List<Long> ids(Actor actor, String q) {
        return directory.searchContacts(actor, q, null, 20).stream().map(ContactInfo::id).toList();
    }

    private HttpResponse<String> post(Person who, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/organizations"))
                .header("Authorization", "Bearer " + who.token()).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
