package io.relais.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.relais.IntegrationTest;
import io.relais.security.Actor;
import io.relais.security.Role;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.QueueQuery;
import io.relais.ticket.QueueView;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.Queues;
import io.relais.ticket.TicketService;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** Service levels through the screens: calendars, holidays, policies and preview; queue sort; the ticket's clocks. */
class SlaScreensTest extends IntegrationTest {
    @Autowired
    MockMvc mvc;
    @Autowired
    TicketService tickets;
    @Autowired
    Queues queues;

    private AccountPrincipal admin() {
        var p = fixtures.agent("SLA admin " + System.nanoTime(), "sla-admin" + System.nanoTime() + "@relais.example", Role.ADMIN,
                Set.of());
        return new AccountPrincipal(p.accountId(), p.login(), null, p.id(), null, "en", "ADMIN", true);
    }

    private static AccountPrincipal agentOf(io.relais.Fixtures.Tenant t) {
        return new AccountPrincipal(t.agent().accountId(), t.agent().login(), null, t.agent().id(), null, "en", "AGENT", true);
    }

    @Test
    void anAdministratorSetsUpACalendarAHolidayAndAPolicyThenPreviewsADueInstant() throws Exception {
        var admin = admin();
        var t = fixtures.tenant("SlaScreens");
        var created = mvc.perform(post("/admin/sla/calendars").param("name", "Lyon office " + t.organizationId())
                .param("zone", "Europe/Paris").with(user(admin)).with(csrf())).andReturn().getResponse();
        assertThat(created.getStatus()).isEqualTo(302);
        var calendarPath = created.getRedirectedUrl();
        assertThat(calendarPath).startsWith("/admin/sla/calendars/");
        var calendarId = calendarPath.substring(calendarPath.lastIndexOf('/') + 1);

        // a week with a lunch break; a bad range is refused with the day named, nothing saved
        var bad = mvc.perform(post(calendarPath).param("name", "Lyon office " + t.organizationId()).param("zone", "Europe/Paris")
                .param("hours_MONDAY", "09:00-12:00, 13:00-18:00").param("hours_TUESDAY", "18:00-09:00")
                .with(user(admin)).with(csrf())).andReturn().getResponse();
        assertThat(bad.getStatus()).isEqualTo(422);
        assertThat(bad.getContentAsString()).contains("hours_TUESDAY");
        var week = mvc.perform(post(calendarPath).param("name", "Lyon office " + t.organizationId()).param("zone", "Europe/Paris")
                .param("hours_MONDAY", "09:00-12:00, 13:00-18:00").param("hours_TUESDAY", "09:00-12:00, 13:00-18:00")
                .param("hours_WEDNESDAY", "09:00-12:00, 13:00-18:00").param("hours_THURSDAY", "09:00-12:00, 13:00-18:00")
                .param("hours_FRIDAY", "09:00-12:00, 13:00-18:00").with(user(admin)).with(csrf())).andReturn().getResponse();
        assertThat(week.getStatus()).isEqualTo(302);
        // a ticket opened on a Friday at 17:50 in Lyon, the Monday after a holiday of this calendar. The Friday is a
        // week or more ahead: a preview applies the policy versions in effect at the instant, and the policy below
        // starts now (a fixed date in the past found no policy once the calendar passed it)
        var friday = LocalDate.now(ZoneId.of("Europe/Paris")).plusWeeks(1).with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
        var tuesday = friday.plusDays(4);
        var day = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
        mvc.perform(post(calendarPath + "/days").param("kind", "HOLIDAY").param("from", friday.plusDays(3).toString())
                .param("name", "Site closed")
                .with(user(admin)).with(csrf()));
        var page = mvc.perform(get(calendarPath).with(user(admin))).andReturn().getResponse().getContentAsString();
        // the week as the form shows it: with the hyphen it reads back
        assertThat(page).contains("Site closed").contains("09:00-12:00, 13:00-18:00");

        mvc.perform(post("/admin/sla/organizations").param("organizationId", "" + t.organizationId())
                .param("calendarId", calendarId).with(user(admin)).with(csrf()));
        var badPolicy = mvc.perform(post("/admin/sla/policies").param("kind", "CUSTOMER").param("name", "Lyon P1")
                .param("organizationId", "" + t.organizationId()).param("priorities", "P1").param("firstResponse", "4 hours")
                .with(user(admin)).with(csrf())).andReturn().getResponse();
        assertThat(badPolicy.getStatus()).isEqualTo(422);
        assertThat(badPolicy.getContentAsString()).contains("firstResponse");
        var policy = mvc.perform(post("/admin/sla/policies").param("kind", "CUSTOMER").param("name", "Lyon P1 " + t.organizationId())
                .param("organizationId", "" + t.organizationId()).param("position", "1").param("priorities", "P1")
                .param("firstResponse", "30m").param("resolution", "4h").param("pauses", "RESOLUTION:PENDING_CUSTOMER")
                .param("warnPercent", "75").param("warnActions", "NOTIFY_ASSIGNEE").param("breachActions", "NOTIFY_SUPERVISORS")
                .with(user(admin)).with(csrf())).andReturn().getResponse();
        assertThat(policy.getStatus()).isEqualTo(302);
        var overview = mvc.perform(get("/admin/sla").with(user(admin))).andReturn().getResponse().getContentAsString();
        assertThat(overview).contains("Lyon P1 " + t.organizationId());

        // Friday 17:50 in Lyon: 10 minutes left that day, Monday is off, so Tuesday 09:20
        var preview = mvc.perform(get("/admin/sla").param("org", "" + t.organizationId()).param("priority", "P1")
                .param("channel", "PHONE").param("at", friday + "T17:50").with(user(admin))).andReturn().getResponse();
        assertThat(preview.getStatus()).isEqualTo(200);
        var html = preview.getContentAsString();
        assertThat(html).contains("Lyon P1 " + t.organizationId()).contains(day.format(tuesday) + " 09:20") // first response, 30 min
                .contains(day.format(tuesday) + " 13:50"); // resolution 4 h: 10 min on Friday, 3 h on Tuesday morning, 50 min after lunch
        // the same ticket opened a week before the policy was saved: no version covered it then, and the page says why
        var before = mvc.perform(get("/admin/sla").param("org", "" + t.organizationId()).param("priority", "P1").param("channel", "PHONE")
                .param("at", friday.minusWeeks(3) + "T17:50").with(user(admin))).andReturn().getResponse().getContentAsString();
        assertThat(before).contains("No policy matches").contains("policy versions in effect at the instant");
    }

    @Test
    void agentsCannotChangeServiceLevels() throws Exception {
        var t = fixtures.tenant("SlaAgent");
        var agent = agentOf(t);
        assertThat(mvc.perform(post("/admin/sla/calendars").param("name", "Mine").param("zone", "UTC").with(user(agent))
                .with(csrf())).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(mvc.perform(post("/admin/sla/policies").param("kind", "CUSTOMER").param("name", "Mine").with(user(agent))
                .with(csrf())).andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void theTicketsClocksShowToItsAgentsWithTheirWhyAndToNobodyElse() throws Exception {
        var t = fixtures.tenant("SlaPanel");
        var other = fixtures.tenant("SlaPanelOther");
        var sla = applicationPolicy(t.organizationId());
        var id = tickets.open(new NewTicket("Scanner jams", "Every page", t.customer().id(), null, Impact.ORGANIZATION,
                Urgency.HIGH, Channel.PHONE, t.groupId(), null, List.of()), t.agent().actor()).id();
        var panel = mvc.perform(get("/tickets/" + id + "/sla").header("HX-Request", "true").with(user(agentOf(t))))
                .andReturn().getResponse();
        assertThat(panel.getStatus()).isEqualTo(200);
        assertThat(panel.getContentAsString()).contains("first response").contains(sla).contains("Why?").doesNotContain("<html");
        var page = mvc.perform(get("/tickets/" + id + "/sla").with(user(agentOf(t)))).andReturn().getResponse();
        assertThat(page.getContentAsString()).contains("<html").contains("resolution");
        assertThat(mvc.perform(get("/tickets/" + id + "/sla").with(user(agentOf(other)))).andReturn().getResponse().getStatus())
                .isEqualTo(404);
        assertThat(mvc.perform(get("/notices").with(user(agentOf(t)))).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    @Autowired
    SlaPolicies slaPolicies;

    private String applicationPolicy(long organizationId) {
        var name = "Panel P1 " + organizationId;
        slaPolicies.createPolicy(Actor.system("test-admin"), new SlaPolicies.PolicyForm("CUSTOMER", name, organizationId, null, 1,
                Set.of(), Set.of(), Set.of(), java.time.Duration.ofMinutes(30), null, java.time.Duration.ofHours(4), Set.of(), null,
                75, null, null, null));
        return name;
    }

    @Test
    void theQueueSortsByNearestDueThenTicketsWithoutClockAcrossPages() {
        var t = fixtures.tenant("SlaSort");
        slaPolicies.createPolicy(Actor.system("test-admin"), new SlaPolicies.PolicyForm("CUSTOMER", "Sort P1", t.organizationId(), null,
                1, Set.of(io.relais.ticket.TicketEnums.Priority.P1), Set.of(), Set.of(), java.time.Duration.ofHours(2), null, null,
                Set.of(), null, 75, null, null, null));
        var agent = t.agent().actor();
        // P1 (organization × high) has a 2 h first response; the fixtures' tickets (P4) have no clock
        var later = tickets.open(new NewTicket("First P1", "a", t.customer().id(), null, Impact.ORGANIZATION, Urgency.HIGH,
                Channel.PHONE, t.groupId(), null, List.of()), agent).id();
        var sooner = tickets.open(new NewTicket("Second P1", "b", t.customer().id(), null, Impact.ORGANIZATION, Urgency.HIGH,
                Channel.PHONE, t.groupId(), null, List.of()), agent).id();
        // the first one's reply meets its first response: no running clock with a target is left
        tickets.addMessage(later, new io.relais.ticket.TicketCommands.NewMessage("On it", false, List.of()), agent);
        var seen = new ArrayList<Long>();
        String cursor = null;
        do {
            var page = queues.queue(agent, new QueueQuery(QueueView.OPEN, null, null, t.organizationId(), null, null, null, null,
                    QueueQuery.Sort.DUE_ASC, cursor, 1));
            page.items().forEach(r -> seen.add(r.id()));
            cursor = page.nextCursor();
        } while (cursor != null && seen.size() < 20);
        // the one with a running clock first, then those without, oldest first, each once across the pages
        assertThat(seen).containsExactly(sooner, t.ticketId(), t.otherTicketId(), later);
    }
}
