package io.relais.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.IntegrationTest;
import io.relais.directory.DirectoryRecords.GroupForm;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.security.Actor;
import io.relais.security.PersonDirectory;
import io.relais.security.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * "A group serves this organization", one rule read four ways: a group's check in one query, the groups and agents
 * that may take a ticket, the groups an agent may pick, and what an agent sees. All four agree on every case.
 */
class ServiceCoverageTest extends IntegrationTest {
    private static final Actor ADMIN = Actor.system("test-admin");

    @Autowired AgentsAndGroups team;
    @Autowired Directory directory;
    @Autowired PersonDirectory people;

    private long organization(String label) {
        var n = System.nanoTime();
        return directory.createOrganization(ADMIN, new OrganizationForm(label + " " + n, label.toLowerCase() + n + ".example", null,
                "Europe/Paris", "fr")).id();
    }

    @Test
    void everyReadingOfTheRuleAgrees() {
        var served = organization("Served");
        var other = organization("Other");
        var n = System.nanoTime();
        var listed = team.createGroup(ADMIN, new GroupForm("Listed " + n, SupportLevel.L1, false, Set.of(served), null));
        // a specialist team: tests sharing this database escalate L1 to L2 and L2 to L3 among the groups serving an
        // organization, and one serving all at those levels would take their tickets
        var all = team.createGroup(ADMIN, new GroupForm("All " + n, SupportLevel.SPECIALIST, true, Set.of(), null));
        var none = team.createGroup(ADMIN, new GroupForm("None " + n, SupportLevel.SPECIALIST, false, Set.of(), null));
        var inListed = fixtures.agent("In listed " + n, "listed-" + n + "@coverage.example", Role.AGENT, Set.of(listed.id()));
        var inAll = fixtures.agent("In all " + n, "all-" + n + "@coverage.example", Role.AGENT, Set.of(all.id()));
        var inNone = fixtures.agent("In none " + n, "none-" + n + "@coverage.example", Role.AGENT, Set.of(none.id()));

        for (var group : List.of(listed, all, none)) {
            for (long org : List.of(served, other)) {
                var expected = group.allOrganizations() || group.organizationIds().contains(org);
                assertThat(team.checkGroup(group.id(), org).orElseThrow().servesOrganization())
                        .as(group.name() + " checked in SQL for " + org).isEqualTo(expected);
                assertThat(team.groupsServing(org).stream().anyMatch(g -> g.id() == group.id()))
                        .as(group.name() + " among the groups serving " + org).isEqualTo(expected);
            }
        }
        assertThat(people.agent(inListed.id()).orElseThrow().scope().includesOrganization(served)).isTrue();
        assertThat(people.agent(inListed.id()).orElseThrow().scope().includesOrganization(other)).isFalse();
        assertThat(people.agent(inAll.id()).orElseThrow().scope().includesOrganization(other)).isTrue();
        assertThat(people.agent(inNone.id()).orElseThrow().scope().includesOrganization(served)).isFalse();

        assertThat(team.agentsServing(other).stream().map(a -> a.id()).toList()).contains(inAll.id())
                .doesNotContain(inListed.id(), inNone.id());
        assertThat(team.agentsServing(served).stream().map(a -> a.id()).toList()).contains(inAll.id(), inListed.id())
                .doesNotContain(inNone.id());
        // the groups an agent of the listed group may pick: those serving one of its organizations
        assertThat(team.groupsVisibleTo(inListed.actor()).stream().map(g -> g.id()).toList()).contains(listed.id(), all.id())
                .doesNotContain(none.id());
    }
}
