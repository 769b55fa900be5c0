package io.relais.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relais.IntegrationTest;
import io.relais.common.ForbiddenException;
import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.knowledge.CheckRecords.NodeForm;
import io.relais.knowledge.CheckRecords.NodeKind;
import io.relais.knowledge.CheckRecords.Outcome;
import io.relais.knowledge.CheckRecords.TreeForm;
import io.relais.security.Actor;
import io.relais.ticket.Change;
import io.relais.ticket.Status;
import io.relais.ticket.TicketReads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class GuidedChecksTest extends IntegrationTest {
    @Autowired CheckTreeEditor checks;
    @Autowired CheckRuns checkRuns;
    @Autowired StarterChecks starters;
    @Autowired TicketReads tickets;
    @Autowired io.relais.directory.Directory directory;
    @Autowired io.relais.directory.AgentsAndGroups agentsAndGroups;

    private final Actor admin = Actor.system("admin");

    @Test
    void aRunFollowsTheAnswersRecordsThePathCountsEveryChoiceAndAppliesTheOutcome() {
        var a = fixtures.tenant("Checks");
        var b = fixtures.tenant("ChecksB");
        var l2 = agentsAndGroups.createGroup(admin, new io.relais.directory.DirectoryRecords.GroupForm("Network L2 " + System.nanoTime(),
                io.relais.directory.SupportLevel.L2, false, java.util.Set.of(a.organizationId()), null)).id();
        var tree = checks.createTree(admin, new TreeForm("VPN drops", "en", null, null, true));
        var q = checks.addNode(admin, tree, new NodeForm(NodeKind.QUESTION, "Does the VPN client show version 5.2?", null, null, null, null), null);
        var yes = checks.addAnswer(admin, q, "Yes", null);
        var no = checks.addAnswer(admin, q, "No", null);
        var action = checks.addNode(admin, tree, new NodeForm(NodeKind.ACTION, "Turn off sleep on the network card", null, null, null, null), yes);
        var worked = checks.addAnswer(admin, action, "It holds now", null);
        checks.addNode(admin, tree, new NodeForm(NodeKind.OUTCOME, "Solved by the workaround", null, Outcome.SOLVED, null, null), worked);
        checks.addNode(admin, tree, new NodeForm(NodeKind.OUTCOME, "Escalate to the network team", null, Outcome.ESCALATE, l2, null), no);

        // an agent of another client can neither start on A's ticket nor touch A's run
        assertThatThrownBy(() -> checkRuns.start(b.agent().actor(), tree, a.ticketId())).isInstanceOf(NotFoundException.class);
        var run = checkRuns.start(a.agent().actor(), tree, a.ticketId());
        assertThat(run.current().text()).isEqualTo("Does the VPN client show version 5.2?");
        assertThatThrownBy(() -> checkRuns.answer(b.agent().actor(), run.id(), yes)).isInstanceOf(NotFoundException.class);
        // an answer of another step is refused
        assertThatThrownBy(() -> checkRuns.answer(a.agent().actor(), run.id(), worked)).isInstanceOf(io.relais.common.ConflictException.class);

        var next = checkRuns.answer(a.agent().actor(), run.id(), yes);
        assertThat(next.current().kind()).isEqualTo(NodeKind.ACTION);
        var done = checkRuns.answer(a.agent().actor(), run.id(), worked);
        assertThat(done.finished()).isTrue();
        assertThat(done.outcome()).isEqualTo(Outcome.SOLVED);
        // a second click on the last answer changes nothing
        assertThat(checkRuns.answer(a.agent().actor(), run.id(), worked).steps()).hasSize(done.steps().size());

        var entry = tickets.timeline(a.agent().actor(), a.ticketId()).stream().filter(e -> e.change() == Change.GUIDED_CHECK)
                .findFirst().orElseThrow();
        assertThat(entry.oldValue()).isEqualTo("VPN drops");
        assertThat(entry.newValue()).isEqualTo("Does the VPN client show version 5.2? → Yes · Turn off sleep on the network card"
                + " → It holds now · ⇒ Solved by the workaround");

        var view = checks.tree(admin, tree);
        assertThat(view.tree().runs()).isEqualTo(1);
        assertThat(view.tree().solved()).isEqualTo(1);
        assertThat(view.node(q).visits()).isEqualTo(1);
        assertThat(view.node(q).answers()).extracting(CheckRecords.AnswerView::chosen).containsExactly(1, 0);

        checkRuns.apply(a.agent().actor(), run.id());
        assertThat(tickets.ticket(a.agent().actor(), a.ticketId()).orElseThrow().status()).isEqualTo(Status.RESOLVED);
        checkRuns.apply(a.agent().actor(), run.id()); // once only
        assertThat(tickets.timeline(a.agent().actor(), a.ticketId()).stream().filter(e -> e.change() == Change.STATUS && "RESOLVED".equals(e.newValue())).count())
                .isEqualTo(1);

        // the other branch escalates the other ticket to the outcome's group
        var second = checkRuns.start(a.agent().actor(), tree, a.otherTicketId());
        var escalated = checkRuns.answer(a.agent().actor(), second.id(), no);
        assertThat(escalated.outcome()).isEqualTo(Outcome.ESCALATE);
        checkRuns.apply(a.agent().actor(), second.id());
        var moved = tickets.ticket(admin, a.otherTicketId()).orElseThrow();
        assertThat(moved.group().id()).isEqualTo(l2);
        assertThat(moved.assignee()).isNull();
        assertThat(checks.tree(admin, tree).tree().escalated()).isEqualTo(1);
    }

    @Test
    void onlyAdministratorsEditTreesAndAStepIsValidated() {
        var a = fixtures.tenant("ChecksEdit");
        assertThatThrownBy(() -> checks.createTree(a.agent().actor(), new TreeForm("x", "en", null, null, true)))
                .isInstanceOf(ForbiddenException.class);
        var one = checks.createTree(admin, new TreeForm("One", "fr", null, null, true));
        var other = checks.createTree(admin, new TreeForm("Other", "fr", null, null, true));
        var q = checks.addNode(admin, one, new NodeForm(NodeKind.QUESTION, "Q ?", null, null, null, null), null);
        var elsewhere = checks.addNode(admin, other, new NodeForm(NodeKind.QUESTION, "Ailleurs ?", null, null, null, null), null);
        assertThatThrownBy(() -> checks.addAnswer(admin, q, "Oui", elsewhere)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> checks.addNode(admin, one, new NodeForm(NodeKind.OUTCOME, "Escalader", null, Outcome.ESCALATE, null, null), null))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> checks.addAnswer(admin, q, "  ", null)).isInstanceOf(InvalidInputException.class);
        checks.addNode(admin, one, new NodeForm(NodeKind.ACTION, "Redémarrer", null, null, null, null), null);
        assertThatThrownBy(() -> checks.deleteNode(admin, q)).as("the start goes last")
                .isInstanceOf(io.relais.common.ConflictException.class);
    }

    @Test
    void theStarterChecksInstallOnceInBothLanguages() {
        starters.install(admin);
        var second = starters.install(admin);
        assertThat(second).isZero();
        var titles = checks.trees(admin, true).stream().map(t -> t.language() + ":" + t.title()).toList();
        assertThat(titles).contains("fr:L'imprimante n'imprime pas", "en:Printer does not print", "fr:Pas de réseau / Wi-Fi",
                "en:No network / Wi-Fi", "fr:Connexion impossible / compte verrouillé", "en:Cannot log in / account locked",
                "fr:Erreur d'application après une mise à jour", "en:Application error after an update");
        var printer = checks.trees(admin, true).stream().filter(t -> t.title().equals("Printer does not print")).findFirst().orElseThrow();
        var view = checks.tree(admin, printer.id());
        // every step but the outcomes leads somewhere; every branch ends in an outcome
        assertThat(view.nodes()).allSatisfy(n -> {
            if (n.kind() != NodeKind.OUTCOME) {
                assertThat(n.answers()).isNotEmpty().allSatisfy(x -> assertThat(x.nextNodeId()).isNotNull());
            }
        });
        assertThat(view.nodes().stream().filter(n -> n.outcome() == Outcome.SOLVED).count()).as("one shared solved outcome").isEqualTo(1);
        assertThat(view.nodes().stream().flatMap(n -> n.answers().stream()).filter(x -> x.nextNodeId().equals(
                view.nodes().stream().filter(n -> n.outcome() == Outcome.SOLVED).findFirst().orElseThrow().id())).count()).isGreaterThanOrEqualTo(4);
    }
}
