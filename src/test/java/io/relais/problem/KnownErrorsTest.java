package io.relais.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.relais.IntegrationTest;
import io.relais.common.NotFoundException;
import io.relais.problem.KnownErrors.Form;
import io.relais.problem.KnownErrors.Status;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.Change;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

class KnownErrorsTest extends IntegrationTest {
    @Autowired KnownErrors errors;
    @Autowired TicketService tickets;
    @Autowired TicketReads queries;
    @Autowired MockMvc mvc;

    @Test
    void aNewTicketMatchingAKnownErrorShowsItAndLinkingItGoesOnTheTimeline() throws Exception {
        var a = fixtures.tenant("KeA");
        var b = fixtures.tenant("KeB");
        var code = "zvpn" + Long.toString(System.nanoTime(), 36);
        var global = errors.create(a.agent().actor(), new Form("Client VPN " + code + " décroche après la mise en veille",
                "Le VPN " + code + " se déconnecte à chaque sortie de veille, erreur 0x80070005", "Économie d'énergie de la carte réseau",
                "Décocher « autoriser l'ordinateur à éteindre ce périphérique »", null, null));
        assertThat(global.status()).isEqualTo(Status.WORKAROUND);
        assertThat(global.reference()).startsWith("KE-");
        var theirs = errors.create(b.agent().actor(), new Form("Imprimante " + code + " de B", "L'imprimante " + code + " bourre",
                null, null, null, b.organizationId()));
        // B's own known error is B's: A's agent neither sees nor is offered it
        assertThatThrownBy(() -> errors.get(a.agent().actor(), theirs.id())).isInstanceOf(NotFoundException.class);

        var ticket = tickets.open(new NewTicket("Le VPN " + code + " se coupe après la veille", "Depuis ce matin, le VPN " + code
                + " se déconnecte quand je rouvre le portable.", a.customer().id(), null, Impact.USER, Urgency.MEDIUM, Channel.PHONE,
                a.groupId(), null, List.of()), a.agent().actor()).id();
        var matches = errors.matching(a.agent().actor(), "Le VPN " + code + " se coupe", "imprimante " + code + " veille", a.organizationId(), 5);
        assertThat(matches).extracting(KnownErrors.View::id).contains(global.id()).doesNotContain(theirs.id());

        var agent = new AccountPrincipal(a.agent().accountId(), a.agent().login(), null, a.agent().id(), null, "en", "AGENT", true);
        var banner = mvc.perform(get("/known-errors/ticket/" + ticket).with(user(agent))).andReturn().getResponse().getContentAsString();
        assertThat(banner).contains("This may be known error " + global.reference()).contains("Décocher");
        var hints = mvc.perform(get("/search/hints").param("subject", "VPN " + code + " coupé").param("description", "après la veille")
                .param("requesterId", String.valueOf(a.customer().id())).with(user(agent))).andReturn().getResponse().getContentAsString();
        assertThat(hints).contains(global.reference()).doesNotContain(theirs.reference() + ":");

        errors.link(a.agent().actor(), global.id(), ticket);
        errors.link(a.agent().actor(), global.id(), ticket); // once
        assertThat(errors.get(a.agent().actor(), global.id()).tickets()).isEqualTo(1);
        assertThat(errors.ofTicket(a.agent().actor(), ticket)).extracting(KnownErrors.View::id).containsExactly(global.id());
        assertThat(queries.timeline(a.agent().actor(), ticket)).filteredOn(e -> e.change() == Change.KNOWN_ERROR)
                .extracting(e -> e.newValue()).containsExactly(global.reference());
        var linkedBanner = mvc.perform(get("/known-errors/ticket/" + ticket).with(user(agent))).andReturn().getResponse().getContentAsString();
        assertThat(linkedBanner).contains("Known error " + global.reference()).doesNotContain("This may be");
        // B's agent cannot link B's known error to A's ticket, nor see A's ticket through it
        assertThatThrownBy(() -> errors.link(b.agent().actor(), theirs.id(), ticket)).isInstanceOf(NotFoundException.class);

        // fixed: no longer offered
        errors.update(a.agent().actor(), global.id(), new Form(global.title(), global.symptom(), global.cause(), global.workaround(),
                Status.FIXED, null));
        assertThat(errors.matching(a.agent().actor(), "Le VPN " + code + " se coupe", "veille", a.organizationId(), 5)).isEmpty();
    }
}
