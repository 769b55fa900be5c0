package io.relais.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Fixtures;
import io.relais.IntegrationTest;
import io.relais.WebSession;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.mail.Mailboxes;
import io.relais.mail.internal.IntakeOutcome;
import io.relais.mail.internal.MailIntake;
import io.relais.security.Actor;
import io.relais.security.Role;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One rule for the language of a new contact, whichever way it comes in: the one given, else its organization's;
 * an organization's own, else the desk's ({@code relais.default-language}, French by default).
 */
class NewContactLanguageTest extends IntegrationTest {
    private static final Actor ADMIN = Actor.system("test-admin");

    @LocalServerPort int port;
    @Autowired Directory directory;
    @Autowired Mailboxes mailboxes;
    @Autowired MailIntake intake;
    @Autowired JdbcClient jdbc;

    private long organization(String language) {
        var n = System.nanoTime();
        return directory.createOrganization(ADMIN, new OrganizationForm("Lang " + language + " " + n, "lang" + n + ".example",
                null, "Europe/London", language)).id();
    }

    private String languageOf(String email) {
        return jdbc.sql("select language from contact where email = ?").param(email).query(String.class).single();
    }

    @Test
    void anOrganizationWithoutALanguageSpeaksTheDesksDefault() {
        var id = organization(null);
        assertThat(directory.organization(ADMIN, id).orElseThrow().language()).isEqualTo("fr");
    }

    @Test
    void aContactWithoutALanguageSpeaksItsOrganizationsFromTheServiceAndThePage() throws Exception {
        var english = organization("en");
        var byService = "svc-" + System.nanoTime() + "@lang.example";
        directory.createContact(ADMIN, new ContactForm(english, "By service", byService, null, null, false, false));
        assertThat(languageOf(byService)).isEqualTo("en");

        var n = System.nanoTime();
        var admin = fixtures.agent("Lang admin " + n, "lang-admin-" + n + "@relais.example", Role.ADMIN, Set.of());
        var byPage = "page-" + n + "@lang.example";
        // the page's default choice is the organization's language: an empty value
        var answer = new WebSession("http://localhost:" + port, "fr-FR").signIn(admin.login(), Fixtures.PASSWORD)
                .post("/admin/contacts", Map.of("organizationId", String.valueOf(english), "name", "By page", "email", byPage,
                        "language", ""), "/admin/contacts");
        assertThat(answer.statusCode()).as(org.jsoup.Jsoup.parse(answer.body()).select(".notice, .field-problem").text()).isEqualTo(200);
        assertThat(languageOf(byPage)).isEqualTo("en");
    }

    @Test
    void aNewSenderSpeaksTheLanguageOfTheOrganizationTheirMailJoins() {
        var t = fixtures.tenant("LangMail"); // a French organization (Fixtures)
        var mailbox = mailboxes.create(ADMIN, new MailboxForm("Lang " + System.nanoTime(), "lang-" + System.nanoTime() + "@relais.test",
                null, InboundProtocol.NONE, null, null, null, null, null, null, null, OutboundSecurity.NONE, null, null, null, null,
                t.groupId(), t.organizationId(), true)).id();
        var sender = "nouveau-" + System.nanoTime() + "@ailleurs.example";
        var mail = ("From: Nouveau <" + sender + ">\r\nTo: lang@relais.test\r\nSubject: Imprimante\r\nMessage-ID: <" + System.nanoTime()
                + "@ailleurs.example>\r\n\r\nElle ne marche plus.\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(intake.take(mailbox, mail).kind()).isEqualTo(IntakeOutcome.Kind.TICKET);
        assertThat(languageOf(sender)).isEqualTo("fr");
    }
}
