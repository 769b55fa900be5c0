package io.relais.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.sun.net.httpserver.HttpServer;
import io.relais.IntegrationTest;
import io.relais.security.Role;
import io.relais.security.internal.AccountPrincipal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/** Holidays imported from an iCalendar upload or URL, and the URL import refusing inner addresses. */
class HolidayImportTest extends IntegrationTest {
    @Autowired
    MockMvc mvc;
    @Autowired
    SlaCalendars sla;
    @LocalServerPort
    int appPort;

    private AccountPrincipal admin() {
        var p = fixtures.agent("Holiday admin " + System.nanoTime(), "holiday-admin" + System.nanoTime() + "@relais.example",
                Role.ADMIN, Set.of());
        return new AccountPrincipal(p.accountId(), p.login(), null, p.id(), null, "en", "ADMIN", true);
    }

    private static byte[] feed() throws Exception {
        try (var in = HolidayImportTest.class.getResourceAsStream("/sla/holidays-fr.ics")) {
            return in.readAllBytes();
        }
    }

    private String newCalendar(AccountPrincipal admin) throws Exception {
        var created = mvc.perform(post("/admin/sla/calendars").param("name", "Import " + System.nanoTime())
                .param("zone", "Europe/Paris").with(user(admin)).with(csrf())).andReturn().getResponse();
        return created.getRedirectedUrl();
    }

    @Test
    void anUploadAddsItsHolidaysOnceAndListsWhatItLeftAside() throws Exception {
        var admin = admin();
        var calendar = newCalendar(admin);
        var file = new MockMultipartFile("file", "jours-feries.ics", "text/calendar", feed());

        var first = mvc.perform(multipart(calendar + "/import").file(file).with(user(admin)).with(csrf())).andReturn();
        assertThat(first.getResponse().getStatus()).isEqualTo(302);
        assertThat(first.getFlashMap().get("imported")).isEqualTo(new HolidayImport.Summary(9, 0, java.util.List.of(
                "Réunion d'équipe (20260302T100000): a timed event, not whole days",
                "Astreinte du lundi (2026-01-05): repeats as FREQ=WEEKLY;BYDAY=MO, which a list of closed days cannot hold",
                "Pont du 15 août (annulé) (20260814): cancelled")));
        var id = Long.parseLong(calendar.substring(calendar.lastIndexOf('/') + 1));
        var days = sla.calendar(id).orElseThrow().days();
        assertThat(days).hasSize(9);
        assertThat(days).filteredOn(d -> d.name().equals("Jour de l'an")).singleElement()
                .satisfies(d -> assertThat(d.yearly()).isTrue());

        // the page shows the summary and the days
        var page = mvc.perform(get(calendar).with(user(admin)).flashAttr("imported", first.getFlashMap().get("imported")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("9 holidays added, 0 already in the calendar.").contains("3 events left aside")
                .contains("Fermeture de fin d&#39;année, du 24 au 26 (pont compris)");

        // the same file again adds nothing
        var again = mvc.perform(multipart(calendar + "/import").file(file).with(user(admin)).with(csrf())).andReturn();
        assertThat(((HolidayImport.Summary) again.getFlashMap().get("imported")).added()).isZero();
        assertThat(((HolidayImport.Summary) again.getFlashMap().get("imported")).alreadyThere()).isEqualTo(9);
        assertThat(sla.calendar(id).orElseThrow().days()).hasSize(9);

        // a file that is not a calendar: 422 with the reason, nothing added
        var html = new MockMultipartFile("file", "holidays.ics", "text/calendar", "<html>Not found</html>".getBytes(StandardCharsets.UTF_8));
        var bad = mvc.perform(multipart(calendar + "/import").file(html).with(user(admin)).with(csrf())).andReturn().getResponse();
        assertThat(bad.getStatus()).isEqualTo(422);
        assertThat(bad.getContentAsString()).contains("not an iCalendar file");
        assertThat(sla.calendar(id).orElseThrow().days()).hasSize(9);
    }

    @Test
    void aUrlIsFetchedFromAnAllowedHostButNeverFromTheServerItselfOrAnInnerAddress() throws Exception {
        var admin = admin();
        var calendar = newCalendar(admin);
        var id = Long.parseLong(calendar.substring(calendar.lastIndexOf('/') + 1));
        var body = feed();
        var hits = new AtomicInteger();
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        server.createContext("/holidays.ics", exchange -> {
            hits.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "text/calendar; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            hits.incrementAndGet();
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + appPort + "/actuator/health");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.start();
        try {
            var url = "http://127.0.0.2:" + server.getAddress().getPort();
            var ok = mvc.perform(post(calendar + "/import").param("url", url + "/holidays.ics").with(user(admin)).with(csrf()))
                    .andReturn();
            assertThat(ok.getResponse().getStatus()).isEqualTo(302);
            assertThat(((HolidayImport.Summary) ok.getFlashMap().get("imported")).added()).isEqualTo(9);
            assertThat(hits.get()).isEqualTo(1);

            // the application's own port, by address, written as one hex number and by a redirect from the allowed
            // host; the cloud metadata address
            for (var attack : new String[] {"http://127.0.0.1:" + appPort + "/actuator/health",
                    "http://0x7f000001:" + appPort + "/actuator/health", url + "/moved",
                    "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd"}) {
                var refused = mvc.perform(post(calendar + "/import").param("url", attack).with(user(admin)).with(csrf()))
                        .andReturn().getResponse();
                assertThat(refused.getStatus()).as(attack).isEqualTo(422);
                assertThat(refused.getContentAsString()).as(attack).containsAnyOf("is a loopback address", "is a link-local address",
                        "only http and https", "0x7f000001 is an ambiguous IPv4 address");
            }
            assertThat(hits.get()).isEqualTo(2);
            assertThat(sla.calendar(id).orElseThrow().days()).hasSize(9);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void onlyAdministratorsImport() throws Exception {
        var admin = admin();
        var calendar = newCalendar(admin);
        var t = fixtures.tenant("HolidayImportAgent");
        var agent = new AccountPrincipal(t.agent().accountId(), t.agent().login(), null, t.agent().id(), null, "en", "AGENT", true);
        var file = new MockMultipartFile("file", "jours-feries.ics", "text/calendar", feed());
        var response = mvc.perform(multipart(calendar + "/import").file(file).with(user(agent)).with(csrf())).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(403);
        var withoutToken = mvc.perform(multipart(calendar + "/import").file(file).with(user(admin))).andReturn().getResponse();
        assertThat(withoutToken.getStatus()).isEqualTo(403);
        var id = Long.parseLong(calendar.substring(calendar.lastIndexOf('/') + 1));
        assertThat(sla.calendar(id).orElseThrow().days()).isEmpty();
    }
}
