package io.relais.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relais.IntegrationTest;
import io.relais.common.ConflictException;
import io.relais.common.ForbiddenException;
import io.relais.common.InvalidInputException;
import io.relais.ticket.TicketCommands.NewCallLog;
import io.relais.ticket.TicketCommands.NewLink;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketEnums.CallDirection;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.LinkKind;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketViews.TimelineView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class TicketLifecycleTest extends IntegrationTest {
    @Autowired TicketService tickets;
    @Autowired TicketLinks ticketLinks;
    @Autowired TicketReads queries;
    @Autowired TicketSettings settings;
    @Autowired JdbcClient jdbc;

    @Test
    void openingGivesANumberThePriorityFromTheMatrixAndACreatedEntry() {
        var t = fixtures.tenant("Open");
        var agent = t.agent().actor();
        var opened = tickets.open(new NewTicket("Server room too hot", "38 °C", t.otherContactId(), null,
                Impact.ORGANIZATION, Urgency.HIGH, Channel.PHONE, null, null, List.of("Clim", "clim", " urgent ")), agent);
        var view = queries.require(agent, opened.id());
        assertThat(view.number().value()).isGreaterThanOrEqualTo(1001);
        assertThat(view.priority()).isEqualTo(Priority.P1);
        assertThat(view.status()).isEqualTo(Status.NEW);
        assertThat(view.organization().id()).isEqualTo(t.organizationId());
        assertThat(view.tags()).containsExactly("clim", "urgent");
        assertThat(queries.timeline(agent, opened.id())).extracting(TimelineView::change).containsExactly(Change.CREATED);
    }

    @Test
    void everyFieldChangeAppearsOnceWithOldAndNewValues() {
        var t = fixtures.tenant("Timeline");
        var agent = t.agent().actor();
        var before = queries.timeline(agent, t.otherTicketId()).size();
        var category = settings.categories().get(2).id();
        tickets.update(t.otherTicketId(), new TicketUpdate(null, "VPN drops every 10 min", Status.OPEN, Impact.DEPARTMENT,
                Urgency.HIGH, category, null, t.agent().id(), null, List.of("vpn"), null), agent);
        var entries = queries.timeline(agent, t.otherTicketId());
        var added = entries.subList(before, entries.size());
        assertThat(added).extracting(TimelineView::change).containsExactlyInAnyOrder(Change.SUBJECT, Change.STATUS,
                Change.IMPACT, Change.URGENCY, Change.PRIORITY, Change.CATEGORY, Change.ASSIGNEE, Change.TAGS);
        assertThat(added).filteredOn(e -> e.change() == Change.STATUS).singleElement()
                .satisfies(e -> {
                    assertThat(e.oldValue()).isEqualTo("NEW");
                    assertThat(e.newValue()).isEqualTo("OPEN");
                    assertThat(e.actorName()).isEqualTo(agent.name());
                });
        assertThat(added).filteredOn(e -> e.change() == Change.PRIORITY).singleElement()
                .satisfies(e -> assertThat(e.oldValue() + ">" + e.newValue()).isEqualTo("P4>P2"));
        assertThat(added).filteredOn(e -> e.change() == Change.ASSIGNEE).singleElement()
                .satisfies(e -> assertThat(e.newValue()).isEqualTo(Long.toString(t.agent().id())));
        assertThat(added).extracting(TimelineView::ticketVersion).containsOnly(added.get(0).ticketVersion());

        // The same values again change nothing and write nothing.
        tickets.update(t.otherTicketId(), new TicketUpdate(null, "VPN drops every 10 min", Status.OPEN, Impact.DEPARTMENT,
                Urgency.HIGH, category, null, t.agent().id(), null, List.of("vpn"), null), agent);
        assertThat(queries.timeline(agent, t.otherTicketId())).hasSameSizeAs(entries);
    }

    @Test
    void invalidTransitionsAreRefusedWithTheAllowedOnes() {
        var t = fixtures.tenant("Flow");
        var agent = t.agent().actor();
        assertThatThrownBy(() -> tickets.update(t.otherTicketId(), TicketUpdate.status(Status.CLOSED), agent))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).fields().get(0).message())
                        .contains("cannot move from NEW to CLOSED"));
        tickets.update(t.otherTicketId(), TicketUpdate.status(Status.RESOLVED), agent);
        tickets.update(t.otherTicketId(), TicketUpdate.status(Status.CLOSED), agent);
        tickets.update(t.otherTicketId(), TicketUpdate.status(Status.OPEN), agent); // reopened within the window
        var view = queries.require(agent, t.otherTicketId());
        assertThat(view.status()).isEqualTo(Status.OPEN);
        assertThat(view.closedAt()).isNull();
        assertThat(view.resolvedAt()).isNull();
    }

    @Test
    void aStaleSaveIsRefusedWithWhatChangedMeanwhile() {
        var t = fixtures.tenant("Stale");
        var agent = t.agent().actor();
        var seen = queries.require(agent, t.otherTicketId()).version();
        tickets.update(t.otherTicketId(), new TicketUpdate(seen, null, Status.PENDING_CUSTOMER, null, null, null, null,
                null, null, null, null), agent);
        assertThatThrownBy(() -> tickets.update(t.otherTicketId(), new TicketUpdate(seen, null, Status.RESOLVED, null,
                null, null, null, null, null, null, null), agent))
                .isInstanceOfSatisfying(StaleTicketException.class, e -> {
                    assertThat(e.since()).extracting(TimelineView::change).containsExactly(Change.STATUS);
                    assertThat(e.since().get(0).newValue()).isEqualTo("PENDING_CUSTOMER");
                });
        assertThat(queries.require(agent, t.otherTicketId()).status()).isEqualTo(Status.PENDING_CUSTOMER);
    }

    @Test
    void agentReplyOpensTheTicketAndCustomerReplyReopensAPendingOne() {
        var t = fixtures.tenant("Reply");
        var agent = t.agent().actor();
        var id = t.otherTicketId();
        tickets.addMessage(id, new NewMessage("Can you restart the client?", false, List.of()), agent);
        var view = queries.require(agent, id);
        assertThat(view.status()).isEqualTo(Status.OPEN);
        assertThat(view.firstResponseAt()).isNotNull();
        tickets.update(id, TicketUpdate.status(Status.PENDING_CUSTOMER), agent);
        var manager = t.manager().actor();
        tickets.addMessage(id, new NewMessage("Done, still broken", false, List.of()), manager);
        assertThat(queries.require(agent, id).status()).isEqualTo(Status.OPEN);
    }

    @Test
    void customersCannotWriteInternalNotesNorSeeThem() {
        var t = fixtures.tenant("Notes");
        var customer = t.customer().actor();
        assertThatThrownBy(() -> tickets.addMessage(t.ticketId(), new NewMessage("sneaky", true, List.of()), customer))
                .isInstanceOf(ForbiddenException.class);
        assertThat(queries.conversation(customer, t.ticketId())).noneMatch(a -> a.internal());
        assertThat(queries.conversation(customer, t.ticketId())).extracting(a -> a.body())
                .noneMatch(b -> b.contains("Internal"));
        assertThat(queries.timeline(customer, t.ticketId())).extracting(TimelineView::change)
                .doesNotContain(Change.NOTE_ADDED, Change.ASSIGNEE);
    }

    @Test
    void callLogsKeepDirectionNumberAndDuration() {
        var t = fixtures.tenant("Call");
        var agent = t.agent().actor();
        tickets.logCall(t.otherTicketId(), new NewCallLog(CallDirection.INBOUND, "+33 1 23 45 67 89", 240,
                "Customer called back, VPN fine after reboot", List.of()), agent);
        var call = queries.conversation(agent, t.otherTicketId()).get(0);
        assertThat(call.kind()).isEqualTo(TicketEnums.ArticleKind.CALL);
        assertThat(call.callDirection()).isEqualTo(CallDirection.INBOUND);
        assertThat(call.callSeconds()).isEqualTo(240);
        assertThat(call.callNumber()).isEqualTo("+33 1 23 45 67 89");
    }

    @Test
    void identicalAttachmentsAreStoredOnce() {
        var t = fixtures.tenant("Dedupe");
        var agent = t.agent().actor();
        // fixed bytes, their SHA-256 worked out outside the code under test (printf '%s' '…' | sha256sum)
        var content = "same bytes, stored once: identicalAttachmentsAreStoredOnce".getBytes(StandardCharsets.UTF_8);
        tickets.addMessage(t.ticketId(), new NewMessage("one", true, List.of(new Upload("a.log", "text/plain", content))), agent);
        tickets.addMessage(t.otherTicketId(), new NewMessage("two", true, List.of(new Upload("b.log", "text/plain", content))), agent);
        var sha = "cc1d41c5b79392a3a88775161098c4c2af654900b1b7547dce9e474173fd27ff";
        assertThat(jdbc.sql("select count(*) from attachment_blob where sha256 = :s").param("s", sha).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from attachment where sha256 = :s").param("s", sha).query(Integer.class).single()).isEqualTo(2);
        var file = queries.attachments(agent, t.otherTicketId()).stream().filter(f -> f.filename().equals("b.log")).findFirst().orElseThrow();
        assertThat(queries.attachment(agent, t.otherTicketId(), file.id()).content()).isEqualTo(content);
    }

    @Test
    void linksShowFromBothSidesAndMergeMovesTheConversation() {
        var t = fixtures.tenant("Merge");
        var agent = t.agent().actor();
        ticketLinks.link(t.ticketId(), new NewLink(t.otherTicketId(), LinkKind.PARENT_OF), agent);
        assertThat(queries.links(agent, t.otherTicketId())).singleElement()
                .satisfies(l -> {
                    assertThat(l.kind()).isEqualTo(LinkKind.PARENT_OF);
                    assertThat(l.outgoing()).isFalse();
                    assertThat(l.ticketId()).isEqualTo(t.ticketId());
                });
        assertThatThrownBy(() -> ticketLinks.link(t.ticketId(), new NewLink(t.otherTicketId(), LinkKind.PARENT_OF), agent))
                .isInstanceOf(ConflictException.class);

        var articlesBefore = queries.conversation(agent, t.ticketId()).size();
        ticketLinks.merge(t.ticketId(), t.otherTicketId(), agent);
        var merged = queries.require(agent, t.ticketId());
        assertThat(merged.mergedIntoId()).isEqualTo(t.otherTicketId());
        assertThat(merged.status()).isEqualTo(Status.CLOSED);
        assertThat(queries.conversation(agent, t.ticketId())).isEmpty();
        assertThat(queries.conversation(agent, t.otherTicketId())).hasSize(articlesBefore);
        assertThat(queries.timeline(agent, t.otherTicketId())).extracting(TimelineView::change).contains(Change.MERGED_FROM);
        assertThatThrownBy(() -> tickets.addMessage(t.ticketId(), new NewMessage("late", false, List.of()), agent))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void aGroupThatDoesNotServeTheOrganizationIsRefused() {
        var a = fixtures.tenant("GroupA");
        var b = fixtures.tenant("GroupB");
        assertThatThrownBy(() -> tickets.update(a.otherTicketId(), new TicketUpdate(null, null, null, null, null, null,
                b.groupId(), null, null, null, null), a.agent().actor()))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.fields()).extracting(f -> f.field()).containsExactly("groupId"));
    }
}
