package io.relais.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.relais.IntegrationTest;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.security.Actor;
import io.relais.security.Role;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.DeliveryState;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketService;
import io.relais.ticket.TicketViews.ArticleView;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * An agent's reply that no mail can carry (no mailbox sends, or the requester has no address) is never taken
 * for sent: the article, the API and the outbox page say it was not sent, and why.
 */
class RepliesNotSentTest extends IntegrationTest {
    private static final Actor ADMIN = Actor.system("test admin");

    @Autowired
    MockMvc mvc;
    @Autowired
    Mailboxes mailboxes;
    @Autowired
    TicketService tickets;
    @Autowired
    TicketReads queries;
    @Autowired
    Directory directory;
    @Autowired
    JdbcClient jdbc;

    private static AccountPrincipal principal(io.relais.Fixtures.Person p, String role) {
        return new AccountPrincipal(p.accountId(), p.login(), null, p.id(), null, "en", role, true);
    }

    /** No mailbox of the desk sends: another test's leftover one would carry the reply. */
    private void noMailboxSends() {
        for (var m : mailboxes.list(ADMIN)) {
            if (m.active() && m.outboundSecurity() != OutboundSecurity.NONE) {
                MailTestSupport.switchOff(mailboxes, m.id());
            }
        }
    }

    private ArticleView article(io.relais.Fixtures.Tenant t, long ticketId, long articleId) {
        return queries.conversation(t.agent().actor(), ticketId).stream().filter(a -> a.id() == articleId).findFirst().orElseThrow();
    }

    @Test
    void aReplyWithoutASendingMailboxIsShownNotSentWithWhyOnTheTicketInTheApiAndInTheOutbox() throws Exception {
        noMailboxSends();
        var t = fixtures.tenant("NotSent");
        // a mailbox of this organization that only receives (no SMTP): it cannot carry the reply either
        var receiving = mailboxes.create(ADMIN, new MailRecords.MailboxForm("Receive only " + System.nanoTime(),
                "receive-" + System.nanoTime() + "@notsent.example", null, MailRecords.InboundProtocol.NONE, null, null, null,
                null, null, null, null, OutboundSecurity.NONE, null, null, null, null, t.groupId(), t.organizationId(), true)).id();
        try {
            var agent = principal(t.agent(), "AGENT");

            // through the ticket page's form
            var posted = mvc.perform(post("/tickets/" + t.ticketId() + "/reply").param("body", "Please restart the spooler")
                    .with(user(agent)).with(csrf())).andReturn().getResponse();
            assertThat(posted.getStatus()).isEqualTo(302);
            var viaForm = queries.conversation(t.agent().actor(), t.ticketId()).stream()
                    .filter(a -> "Please restart the spooler".equals(a.body())).findFirst().orElseThrow();
            assertThat(viaForm.deliveryState()).isEqualTo(DeliveryState.NOT_SENT);
            assertThat(viaForm.deliveryDetail()).isEqualTo("NO_MAILBOX");
            var page = mvc.perform(get("/tickets/" + t.ticketId()).with(user(agent))).andReturn().getResponse().getContentAsString();
            assertThat(page).contains("not sent: no mailbox can send mail for this ticket").doesNotContain(">sending…<");

            // through the API: its article view says so too
            var created = mvc.perform(post("/api/v1/tickets/" + t.ticketId() + "/replies")
                    .header("Authorization", "Bearer " + t.agent().token()).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"body\":\"Sent from the API\"}")).andReturn().getResponse();
            assertThat(created.getStatus()).isEqualTo(201);
            var articles = mvc.perform(get("/api/v1/tickets/" + t.ticketId() + "/articles")
                    .header("Authorization", "Bearer " + t.agent().token())).andReturn().getResponse().getContentAsString();
            assertThat(articles).containsPattern("\"body\":\"Sent from the API\"[^}]*\"deliveryState\":\"NOT_SENT\",\"deliveryDetail\":\"NO_MAILBOX\"");

            // the outbox page lists both, not "everything was delivered"
            var admin = fixtures.agent("Outbox admin " + System.nanoTime(), "outbox-admin-" + System.nanoTime() + "@relais.example",
                    Role.ADMIN, Set.of());
            var outbox = mvc.perform(get("/admin/mail/outbox").with(user(principal(admin, "ADMIN")))).andReturn().getResponse()
                    .getContentAsString();
            assertThat(outbox).doesNotContain("Everything was delivered.").contains("Replies not sent");
            var number = queries.require(t.agent().actor(), t.ticketId()).number().toString();
            var rows = outbox.substring(outbox.indexOf("Replies not sent"));
            assertThat(rows).contains(number).contains(t.agent().actor().name())
                    .contains("not sent: no mailbox can send mail for this ticket");
            assertThat(rows.split(java.util.regex.Pattern.quote(number), -1).length - 1).isGreaterThanOrEqualTo(2);
        } finally {
            MailTestSupport.switchOff(mailboxes, receiving);
        }
    }

    @Test
    void aReplyToARequesterWithoutAddressIsNotSentAndSaysWhyWhileOthersAreQueued() throws Exception {
        noMailboxSends();
        var t = fixtures.tenant("NoAddress");
        var sending = MailTestSupport.serverless(mailboxes, t, "Sends", "sends-" + System.nanoTime() + "@noaddress.example");
        try {
            var phoneOnly = directory.createContact(ADMIN, new ContactForm(t.organizationId(), "Phone only " + System.nanoTime(),
                    null, "+33 1 23 45 67 89", "en", false, false));
            var ticket = tickets.open(new NewTicket("Screen flickers", "Since Monday", phoneOnly.id(), null, Impact.USER,
                    Urgency.MEDIUM, Channel.PHONE, t.groupId(), t.agent().id(), List.of()), t.agent().actor()).id();
            var unsent = tickets.addMessage(ticket, new NewMessage("Try another cable", false, List.of()), t.agent().actor());
            assertThat(article(t, ticket, unsent).deliveryState()).isEqualTo(DeliveryState.NOT_SENT);
            assertThat(article(t, ticket, unsent).deliveryDetail()).isEqualTo("NO_ADDRESS");
            var page = mvc.perform(get("/tickets/" + ticket).with(user(principal(t.agent(), "AGENT")))).andReturn().getResponse()
                    .getContentAsString();
            assertThat(page).contains("not sent: the requester has no e-mail address");

            // a requester with an address: the reply is queued for the mailbox, as before
            var queued = tickets.addMessage(t.ticketId(), new NewMessage("Try another toner", false, List.of()), t.agent().actor());
            assertThat(article(t, t.ticketId(), queued).deliveryState()).isIn(DeliveryState.QUEUED, DeliveryState.FAILED);
            assertThat(jdbc.sql("select count(*) from outbox where article_id = ?").param(queued).query(Long.class).single())
                    .isEqualTo(1);
        } finally {
            MailTestSupport.switchOff(mailboxes, sending);
        }
    }
}
