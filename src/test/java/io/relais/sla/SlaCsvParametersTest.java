package io.relais.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.relais.IntegrationTest;
import io.relais.security.Role;
import io.relais.security.internal.AccountPrincipal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The SLA CSV exports without their parameters: the period defaults to this month, a missing client is a clear 400. */
class SlaCsvParametersTest extends IntegrationTest {
    @Autowired
    MockMvc mvc;

    @Test
    void theCsvDefaultsThePeriodAndSaysWhatIsMissingOrWrong() throws Exception {
        var t = fixtures.tenant("SlaCsv");
        var s = fixtures.agent("Csv supervisor " + t.organizationId(), "csv-" + t.organizationId() + "@relais.example",
                Role.SUPERVISOR, Set.of(t.groupId()));
        var supervisor = user(new AccountPrincipal(s.accountId(), s.login(), null, s.id(), null, "en", "SUPERVISOR", true));
        var firstOfMonth = LocalDate.now(ZoneId.of("Europe/Paris")).withDayOfMonth(1);

        for (var path : new String[] {"/reports/sla.csv", "/reports/sla/tickets.csv"}) {
            // the client only: this month up to today
            var csv = mvc.perform(get(path).param("org", "" + t.organizationId()).with(supervisor)).andReturn().getResponse();
            assertThat(csv.getStatus()).as(path).isEqualTo(200);
            assertThat(csv.getContentType()).startsWith("text/csv");
            assertThat(csv.getHeader("Content-Disposition")).contains("-" + t.organizationId() + "-" + firstOfMonth + "-");

            // nothing: a 400 page saying which parameter to add
            var missing = mvc.perform(get(path).with(supervisor)).andReturn().getResponse();
            assertThat(missing.getStatus()).as(path).isEqualTo(400);
            assertThat(missing.getContentType()).startsWith("text/html");
            assertThat(missing.getContentAsString()).contains("Which client? Add org=");

            // a date that is not one: 400 naming it, not "not found"
            var bad = mvc.perform(get(path).param("org", "" + t.organizationId()).param("from", "last-monday").with(supervisor))
                    .andReturn().getResponse();
            assertThat(bad.getStatus()).as(path).isEqualTo(400);
            assertThat(bad.getContentAsString()).contains("Not a valid value for from");
        }
    }
}
