package io.relais.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.relais.Fixtures;
import io.relais.IntegrationTest;
import io.relais.security.Role;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketSettings;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MockMvc;

@ExtendWith(OutputCaptureExtension.class)
class AdminAndOperationsTest extends IntegrationTest {
    @Autowired MockMvc mvc;
    @Autowired TicketSettings settings;

    @Test
    void everyAdministrationPageRendersForAdministratorsOnly() throws Exception {
        var admin = admin();
        var t = fixtures.tenant("AdminPages");
        var agent = new AccountPrincipal(t.agent().accountId(), t.agent().login(), null, t.agent().id(), null, "en", "AGENT", true);
        for (var page : List.of("/admin/organizations", "/admin/contacts", "/admin/agents", "/admin/groups",
                "/admin/categories", "/admin/priorities", "/admin/mailboxes", "/admin/mailboxes/new",
                "/admin/mail/quarantine", "/admin/mail/outbox", "/admin/mail/templates", "/admin/sla",
                "/admin/sla/policies/new", "/admin/sla/policies/new?kind=OLA", "/admin/sla/calendars/1")) {
            var r = mvc.perform(get(page).with(user(admin))).andReturn().getResponse();
            assertThat(r.getStatus()).as(page).isEqualTo(200);
            assertThat(r.getContentAsString()).as(page).contains("<h1>");
            assertThat(mvc.perform(get(page).with(user(agent))).andReturn().getResponse().getStatus()).as(page).isEqualTo(403);
        }
    }

    @Test
    void anAdministratorCreatesAnOrganizationAndSeesFieldErrorsOnBadInput() throws Exception {
        var admin = admin();
        var name = "Initech " + System.nanoTime();
        var created = mvc.perform(post("/admin/organizations").param("name", name).param("domains", "initech.example, INITECH.example")
                .param("timeZone", "America/New_York").param("language", "en").with(user(admin)).with(csrf())).andReturn().getResponse();
        assertThat(created.getRedirectedUrl()).isEqualTo("/admin/organizations");
        var list = mvc.perform(get("/admin/organizations").with(user(admin))).andReturn().getResponse().getContentAsString();
        assertThat(list).contains(name).contains("initech.example").doesNotContain("INITECH");

        var bad = mvc.perform(post("/admin/organizations").param("name", "").param("timeZone", "Nowhere/Land")
                .with(user(admin)).with(csrf())).andReturn().getResponse();
        assertThat(bad.getStatus()).isEqualTo(422);
        assertThat(bad.getContentAsString()).contains("timeZone").contains("unknown time zone").contains("name");
    }

    @Test
    void thePriorityMatrixIsEditable() throws Exception {
        var admin = admin();
        var before = settings.priority(Impact.USER, Urgency.LOW);
        try {
            mvc.perform(post("/admin/priorities").param("cell_USER_LOW", "P3").with(user(admin)).with(csrf()));
            assertThat(settings.priority(Impact.USER, Urgency.LOW)).isEqualTo(Priority.P3);
        } finally {
            mvc.perform(post("/admin/priorities").param("cell_USER_LOW", before.name()).with(user(admin)).with(csrf()));
        }
    }

    @Test
    void otherClientErrorsShowTheErrorPageNotAStackTrace() throws Exception {
        var t = fixtures.tenant("ErrorPage");
        var agent = new AccountPrincipal(t.agent().accountId(), t.agent().login(), null, t.agent().id(), null, "en", "AGENT", true);
        var r = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/queues/open")
                .with(user(agent)).with(csrf())).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(405);
        var notFound = mvc.perform(get("/tickets/not-a-number").with(user(agent))).andReturn().getResponse();
        assertThat(notFound.getStatus()).isEqualTo(404);
        assertThat(notFound.getContentAsString()).contains("Back to the workspace").doesNotContain("Exception");
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() throws Exception {
        var r = mvc.perform(get("/v3/api-docs")).andReturn().getResponse();
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentAsString()).contains("/api/v1/tickets/{id}").contains("/api/v1/contacts").contains("/api/v1/groups");
    }

    @Test
    void passwordsAndTokensNeverReachTheLogs(CapturedOutput output) throws Exception {
        var secret = "Sup3r-Secret-" + System.nanoTime();
        mvc.perform(post("/login").param("username", "nobody@relais.example").param("password", secret).with(csrf()));
        var t = fixtures.tenant("Logs");
        mvc.perform(get("/api/v1/tickets").header("Authorization", "Bearer " + t.agent().token()));
        mvc.perform(post("/setup").param("name", "x").param("email", "x@x.example").param("password", secret)
                .param("passwordAgain", secret).with(csrf()));
        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(t.agent().token()).doesNotContain(Fixtures.PASSWORD);
    }

    private AccountPrincipal admin() {
        var p = fixtures.agent("Admin " + System.nanoTime(), "admin" + System.nanoTime() + "@relais.example", Role.ADMIN, Set.of());
        return new AccountPrincipal(p.accountId(), p.login(), null, p.id(), null, "en", "ADMIN", true);
    }
}
