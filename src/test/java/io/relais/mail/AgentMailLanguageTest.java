package io.relais.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.relais.Fixtures;
import io.relais.IntegrationTest;
import io.relais.WebSession;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.security.Actor;
import io.relais.security.Role;
import io.relais.sla.AlertAction;
import io.relais.sla.SlaPolicies;
import io.relais.sla.internal.SlaAlerts;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketService;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Mail written to agents (SLA alerts) speaks each agent's language: the one chosen with the FR/EN switch, else
 * the one their browser asked for when they signed in, else English.
 */
class AgentMailLanguageTest extends IntegrationTest {
    private static final Actor ADMIN = Actor.system("test admin");

    @Autowired SlaPolicies sla;
    @Autowired SlaAlerts alerts;
    @Autowired TicketService tickets;
    @Autowired Mailboxes mailboxes;
    @LocalServerPort int port;

    @Test
    void eachAgentOfTheGroupGetsTheBreachAlertInTheirOwnLanguage() throws Exception {
        var smtp = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}));
        smtp.start();
        var t = fixtures.tenant("AgentLanguage");
        var n = t.organizationId();
        var browserFrench = fixtures.agent("Agent FR " + n, "fr-" + n + "@agentlanguage.example", Role.AGENT, Set.of(t.groupId()));
        var switchedToFrench = fixtures.agent("Agent switch " + n, "switch-" + n + "@agentlanguage.example", Role.AGENT,
                Set.of(t.groupId()));
        // one signs in with a French browser; the other with an English one, then picks FR in the switch
        new WebSession(base(), "fr-FR,fr;q=0.9").signIn(browserFrench.login(), Fixtures.PASSWORD);
        new WebSession(base(), "en-GB,en;q=0.9").signIn(switchedToFrench.login(), Fixtures.PASSWORD)
                .post("/lang", Map.of("l", "fr", "back", "/queues/mine"), "/queues/mine");
        // t.agent() never signed in: English

        sla.createPolicy(ADMIN, new SlaPolicies.PolicyForm("CUSTOMER", "Language contract " + n, n, null, 1, Set.of(), Set.of(),
                Set.of(), Duration.ofMinutes(30), null, Duration.ofHours(8), Set.of(), null, 75,
                EnumSet.noneOf(AlertAction.class), EnumSet.of(AlertAction.NOTIFY_GROUP), null));
        var mailbox = mailboxes.create(ADMIN, new MailboxForm("Language " + n, "language-" + n + "@relais.test", null,
                InboundProtocol.NONE, null, null, null, null, null, null, null, OutboundSecurity.PLAIN, "127.0.0.1",
                smtp.getSmtp().getPort(), null, null, t.groupId(), n, true)).id();
        try {
            var id = tickets.open(new NewTicket("Imprimante hors ligne", "Depuis ce matin", t.customer().id(), null, Impact.USER,
                    Urgency.MEDIUM, Channel.PHONE, t.groupId(), null, List.of()), t.agent().actor()).id();
            assertThat(alerts.check(id, Instant.now().plus(Duration.ofMinutes(31)))).isEqualTo(1);

            var received = receivedBy(smtp, List.of(t.agent().login(), browserFrench.login(), switchedToFrench.login()));
            for (var french : List.of(browserFrench.login(), switchedToFrench.login())) {
                var mail = received.get(french);
                assertThat(mail.getSubject()).as(french).contains("SLA dépassé : première réponse");
                assertThat(GreenMailUtil.getBody(mail)).as(french).contains("sur le ticket");
            }
            var english = received.get(t.agent().login());
            assertThat(english.getSubject()).contains("SLA breached: first response");
            assertThat(GreenMailUtil.getBody(english)).contains("on ticket");
        } finally {
            var info = mailboxes.get(ADMIN, mailbox);
            mailboxes.update(ADMIN, mailbox, new MailboxForm(info.name(), info.address(), null, InboundProtocol.NONE, null, null,
                    null, null, null, null, null, OutboundSecurity.NONE, null, null, null, null, null, null, false));
            smtp.stop();
        }
    }

    /** The SLA alert each of these addresses received (waiting for the outbox until each has one). */
    private static Map<String, MimeMessage> receivedBy(GreenMail smtp, List<String> addresses) throws Exception {
        var found = new HashMap<String, MimeMessage>();
        io.relais.Patience.until("an SLA alert for each of " + addresses, () -> {
            for (var m : smtp.getReceivedMessages()) {
                for (var address : addresses) {
                    if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address))
                            && m.getHeader("Auto-Submitted") != null) {
                        found.put(address, m);
                    }
                }
            }
            return found.size();
        }, n -> n == addresses.size());
        assertThat(found.keySet()).as("agents who received the alert").containsExactlyInAnyOrderElementsOf(addresses);
        return found;
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
