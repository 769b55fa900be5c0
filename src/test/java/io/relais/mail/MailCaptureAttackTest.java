package io.relais.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.relais.Fixtures.Person;
import io.relais.Fixtures.Tenant;
import io.relais.IntegrationTest;
import io.relais.directory.Directory;
import io.relais.directory.SenderLookup;
import io.relais.directory.DirectoryRecords.ContactChange;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.directory.internal.AddressOwnership;
import io.relais.mail.internal.IntakeOutcome;
import io.relais.mail.internal.MailIntake;
import io.relais.security.Actor;
import io.relais.security.Role;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.MailThreads;
import io.relais.ticket.TicketReads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Mail capture across clients: who may attach which address to a contact (agent, supervisor, administrator ×
 * primary or other address × the organization's own domain, another organization's, an unknown one, the address of
 * a contact the caller cannot see; through the API and the forms), then a mail from each address, which must land
 * with the client that owns it, or wait in quarantine when the directory and the domain disagree.
 */
class MailCaptureAttackTest extends IntegrationTest {
    private static final Actor SYSTEM = Actor.system("test admin");

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired Directory directory;
    @Autowired SenderLookup senders;
    @Autowired Mailboxes mailboxes;
    @Autowired MailIntake intake;
    @Autowired TicketReads queries;
    @Autowired MailThreads mailThreads;
    @Autowired JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();
    Tenant a;
    Tenant b;
    String domainA;
    String domainB;
    Person supervisor;
    Person admin;
    long mailboxId;

    @BeforeEach
    void twoClients() {
        a = fixtures.tenant("CapA");
        b = fixtures.tenant("CapB");
        domainA = directory.organization(SYSTEM, a.organizationId()).orElseThrow().domains().get(0);
        domainB = directory.organization(SYSTEM, b.organizationId()).orElseThrow().domains().get(0);
        var n = System.nanoTime();
        supervisor = fixtures.agent("Sup " + n, "sup-" + n + "@desk.example", Role.SUPERVISOR, Set.of(a.groupId()));
        admin = fixtures.agent("Admin " + n, "admin-" + n + "@desk.example", Role.ADMIN, Set.of());
        mailboxId = MailTestSupport.serverless(mailboxes, a, "Capture", "capture-" + n + "@relais.test");
    }

    @AfterEach
    void off() {
        MailTestSupport.switchOff(mailboxes, mailboxId);
        jdbc.sql("update outbox set state = 'FAILED' where source_id = ? and state <> 'SENT'").param(mailboxId).update();
    }

    enum Where { OWN_DOMAIN, OTHER_ORG_DOMAIN, UNKNOWN_DOMAIN, HIDDEN_CONTACT }

    enum Slot { PRIMARY, OTHER }

    private String address(Where where, String tag) {
        return switch (where) {
            case OWN_DOMAIN -> tag + "@" + domainA;
            case OTHER_ORG_DOMAIN -> tag + "@" + domainB;
            case UNKNOWN_DOMAIN -> tag + "@nobody-" + System.nanoTime() + ".example";
            case HIDDEN_CONTACT -> b.customer().login();
        };
    }

    /** What each role may attach through the API, every slot and every kind of address: the whole matrix. */
    @Test
    void onlyTheOwnersClientOrAnAdministratorWhoConfirmsMayAttachAnAddress() throws Exception {
        var problems = new ArrayList<String>();
        int i = 0;
        for (var who : List.of(a.agent(), supervisor, admin)) {
            for (var slot : Slot.values()) {
                for (var where : Where.values()) {
                    var tag = "m" + (i++) + "-" + System.nanoTime();
                    var addr = address(where, tag);
                    var expectedOk = where == Where.OWN_DOMAIN || where == Where.UNKNOWN_DOMAIN;
                    // creation
                    var created = send(who, "POST", "/api/v1/contacts", contactJson(slot, addr, tag, false));
                    check(problems, who, "create", slot, where, created, expectedOk);
                    // adding to an existing contact of A (another address of the same kind)
                    var addr2 = address(where, tag + "-2");
                    var updated = send(who, "PUT", "/api/v1/contacts/" + a.otherContactId(), slot == Slot.PRIMARY
                            ? "{\"email\":\"" + addr2 + "\"}" : "{\"otherEmails\":[\"" + addr2 + "\"]}");
                    check(problems, who, "update", slot, where, updated, expectedOk);
                    if (expectedOk) {   // put A's contact back as it was for the next round
                        var restore = send(admin, "PUT", "/api/v1/contacts/" + a.otherContactId(),
                                "{\"email\":\"other-" + a.otherContactId() + "@" + domainA + "\",\"otherEmails\":[]}");
                        assertThat(restore.statusCode()).isEqualTo(200);
                    }
                    if (who == admin && where == Where.OTHER_ORG_DOMAIN) {
                        var confirmed = send(who, "POST", "/api/v1/contacts", contactJson(slot, address(where, tag + "-3"), tag, true));
                        assertThat(confirmed.statusCode()).as("admin confirms %s %s", slot, where).isEqualTo(201);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private void check(List<String> problems, Person who, String op, Slot slot, Where where, HttpResponse<String> r,
                       boolean expectedOk) {
        var label = who.login() + " " + op + " " + slot + " " + where + ": " + r.statusCode() + " " + r.body();
        if (expectedOk != (r.statusCode() / 100 == 2)) {
            problems.add("expected " + (expectedOk ? "accepted" : "refused") + ": " + label);
        }
        if (!expectedOk && r.statusCode() != 422) {
            problems.add("expected 422: " + label);
        }
        if (who != admin && where == Where.HIDDEN_CONTACT
                && (r.body().contains("already used") || r.body().contains(b.label() + " customer"))) {
            problems.add("tells about a hidden contact: " + label);
        }
        if (who == admin && where == Where.OTHER_ORG_DOMAIN && !r.body().contains("confirmForeignDomain")) {
            problems.add("does not tell the administrator how to confirm: " + label);
        }
    }

    private String contactJson(Slot slot, String addr, String tag, boolean confirm) {
        return "{\"organizationId\":" + a.organizationId() + ",\"name\":\"Spy " + tag + "\","
                + (slot == Slot.PRIMARY ? "\"email\":\"" + addr + "\"" : "\"phone\":\"+33 6 00 00 00 00\",\"otherEmails\":[\"" + addr + "\"]")
                + (confirm ? ",\"confirmForeignDomain\":true" : "") + "}";
    }

    /** The forms: an agent's and a supervisor's new-contact form (primary address), the administrator's contact form. */
    @Test
    void theFormsApplyTheSameRules() throws Exception {
        for (var who : List.of(a.agent(), supervisor)) {
            for (var where : Where.values()) {
                var addr = address(where, "form-" + System.nanoTime());
                var r = mvc.perform(post("/contacts").with(user(principal(who, "AGENT"))).with(csrf())
                        .param("organizationId", Long.toString(a.organizationId())).param("name", "Form " + where)
                        .param("email", addr).param("language", "en")).andReturn().getResponse();
                var ok = where == Where.OWN_DOMAIN || where == Where.UNKNOWN_DOMAIN;
                assertThat(r.getStatus()).as("%s %s", who.login(), where).isEqualTo(ok ? 302 : 422);
                if (where == Where.HIDDEN_CONTACT) {
                    assertThat(r.getContentAsString()).doesNotContain("already used").doesNotContain(b.label() + " customer");
                }
            }
        }
        var adminUser = principal(admin, "ADMIN");
        var addr = "boss-" + System.nanoTime() + "@" + domainB;
        var refused = mvc.perform(post("/admin/contacts").with(user(adminUser)).with(csrf())
                .param("organizationId", Long.toString(a.organizationId())).param("name", "Admin form")
                .param("otherEmails", addr).param("phone", "+33 6 11 11 11 11")).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(422);
        var accepted = mvc.perform(post("/admin/contacts").with(user(adminUser)).with(csrf())
                .param("organizationId", Long.toString(a.organizationId())).param("name", "Admin form")
                .param("otherEmails", addr).param("phone", "+33 6 11 11 11 11").param("confirmForeignDomain", "true"))
                .andReturn().getResponse();
        assertThat(accepted.getStatus()).isEqualTo(302);
        var contact = senders.senderByEmail(SYSTEM, addr).orElseThrow();
        assertThat(contact.organizationId()).isEqualTo(a.organizationId());
        assertThat(contact.domainConflict()).isFalse();
        assertThat(directory.contactHistory(SYSTEM, contact.id())).anySatisfy(h -> {
            assertThat(h.change()).isEqualTo(ContactChange.FOREIGN_ADDRESS_CONFIRMED);
            assertThat(h.detail()).contains(addr);
            assertThat(h.actor()).isEqualTo(admin.actor().name());
        });
        // the contact's page shows it
        var page = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/admin/contacts")
                .param("edit", Long.toString(contact.id())).with(user(adminUser))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Address of another client&#39;s domain confirmed: " + addr);
    }

    /**
     * The attack of the issue: an agent of A tries to capture B's mail by adding a B address to a contact of A. It is
     * refused, so mail from that address is B's ticket; an address an administrator confirmed goes to A; and an address
     * that was A's before B declared its domain waits in quarantine, and is not copied on A's tickets either.
     */
    @Test
    void mailFromEachAddressLandsWithTheClientWhoOwnsIt() throws Exception {
        var stolen = "ceo-" + System.nanoTime() + "@" + domainB;
        var attempt = send(a.agent(), "PUT", "/api/v1/contacts/" + a.otherContactId(), "{\"otherEmails\":[\"" + stolen + "\"]}");
        assertThat(attempt.statusCode()).isEqualTo(422);
        var fromB = intake.take(mailboxId, mail(stolen, null, "Invoice question"));
        assertThat(fromB.kind()).isEqualTo(IntakeOutcome.Kind.TICKET);
        assertThat(queries.ticket(SYSTEM, fromB.ticketId()).orElseThrow().organization().id()).isEqualTo(b.organizationId());
        assertThat(queries.ticket(a.customer().actor(), fromB.ticketId())).isEmpty();

        // an administrator's confirmed address is the contact's
        var consultant = "consultant-" + System.nanoTime() + "@" + domainB;
        var confirmed = directory.createContact(admin.actor(), new ContactForm(a.organizationId(), "Consultant", consultant,
                null, "en", false, false, null, null, true));
        var fromConsultant = intake.take(mailboxId, mail(consultant, null, "Consultant request"));
        assertThat(fromConsultant.kind()).isEqualTo(IntakeOutcome.Kind.TICKET);
        assertThat(queries.ticket(SYSTEM, fromConsultant.ticketId()).orElseThrow().requester().id()).isEqualTo(confirmed.id());

        // an address attached while its domain was nobody's, then declared by B: held for review
        var laterDomain = "later-" + System.nanoTime() + ".example";
        var early = "early@" + laterDomain;
        directory.updateContact(a.agent().actor(), a.otherContactId(), new ContactForm(null, null, null, null, null, null,
                null, List.of(early), null));
        var orgB = directory.organization(SYSTEM, b.organizationId()).orElseThrow();
        directory.updateOrganization(SYSTEM, b.organizationId(), new OrganizationForm(orgB.name(),
                String.join(",", orgB.domains()) + "," + laterDomain, orgB.contractRef(), orgB.timeZone(), orgB.language()));
        var held = intake.take(mailboxId, mail(early, null, "Who am I"));
        assertThat(held.kind()).isEqualTo(IntakeOutcome.Kind.QUARANTINED);
        assertThat(held.detail()).contains("held for review").contains(early);
        // as a Cc on A's own customer's mail it is not made a participant of A's ticket
        var withCc = intake.take(mailboxId, mail(a.customer().login(), early, "Printer again"));
        assertThat(withCc.kind()).isEqualTo(IntakeOutcome.Kind.TICKET);
        assertThat(mailThreads.mailThread(withCc.ticketId()).orElseThrow().participantIds()).doesNotContain(a.otherContactId());
        // an administrator confirms it on the contact: the retry goes through, to A
        directory.updateContact(admin.actor(), a.otherContactId(), new ContactForm(null, null, null, null, null, null, null,
                List.of(early), null, true));
        assertThat(senders.senderByEmail(SYSTEM, early).orElseThrow().domainConflict()).isFalse();
        var retried = mailboxes.retry(SYSTEM, held.quarantineId());
        assertThat(retried.kind()).isEqualTo(IntakeOutcome.Kind.TICKET);
        assertThat(queries.ticket(SYSTEM, retried.ticketId()).orElseThrow().organization().id()).isEqualTo(a.organizationId());
    }

    /** Grants follow the address: removed from the contact, the confirmation is gone too. */
    @Test
    void aConfirmationEndsWhenTheAddressLeavesTheContact() {
        var addr = "temp-" + System.nanoTime() + "@" + domainB;
        var c = directory.createContact(admin.actor(), new ContactForm(a.organizationId(), "Temp", null, "+33 6 22 22 22 22",
                "en", false, false, List.of(addr), null, true));
        assertThat(jdbc.sql("select count(*) from foreign_address_grant where contact_id = ?").param(c.id()).query(Long.class).single())
                .isEqualTo(1L);
        directory.updateContact(admin.actor(), c.id(), new ContactForm(null, null, null, null, null, null, null, List.of(), null));
        assertThat(jdbc.sql("select count(*) from foreign_address_grant where contact_id = ?").param(c.id()).query(Long.class).single())
                .isZero();
        assertThat(directory.contactHistory(SYSTEM, c.id())).extracting(h -> h.change())
                .contains(ContactChange.FOREIGN_ADDRESS_CONFIRMED, ContactChange.ADDRESS_REMOVED);
        // and an agent cannot put it back
        var again = org.assertj.core.api.Assertions.catchThrowable(() -> directory.updateContact(a.agent().actor(), c.id(),
                new ContactForm(null, null, null, null, null, null, null, List.of(addr), null, true)));
        assertThat(again).hasMessageContaining("Invalid input");
        assertThat(((io.relais.common.InvalidInputException) again).fields().get(0).message()).contains(AddressOwnership.NOT_ATTACHABLE);
    }

    private static byte[] mail(String from, String cc, String subject) {
        var text = "From: " + from + "\r\nTo: support@relais.test\r\n" + (cc == null ? "" : "Cc: " + cc + "\r\n")
                + "Subject: " + subject + "\r\nMessage-ID: <" + System.nanoTime() + "@client.example>\r\n\r\nHello.\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static AccountPrincipal principal(Person p, String role) {
        var agent = !"CUSTOMER".equals(role);
        return new AccountPrincipal(p.accountId(), p.login(), null, agent ? p.id() : null, agent ? null : p.id(), "en", role, true);
    }

    private HttpResponse<String> send(Person who, String method, String path, String body) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + who.token()).header("Accept", "application/json")
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
