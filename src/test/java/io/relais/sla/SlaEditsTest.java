package io.relais.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relais.HeldLock;
import io.relais.IntegrationTest;
import io.relais.security.Actor;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.SlaEngine.Pause;
import io.relais.sla.SlaEngine.PauseReason;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Edits of the service levels are whole: a policy's new version replaces the old one in one transaction, and two
 * people saving the same policy at once take turns (versions 2 and 3), forced to meet on a row lock the test holds.
 */
class SlaEditsTest extends IntegrationTest {
    private static final Actor ADMIN = Actor.system("test-admin");

    @Autowired SlaPolicies sla;
    @Autowired DataSource dataSource;
    @Autowired JdbcClient jdbc;

    private static SlaPolicies.PolicyForm policy(long organizationId, String name, Duration resolution) {
        return new SlaPolicies.PolicyForm("CUSTOMER", name, organizationId, null, 1, Set.of(), Set.of(), Set.of(),
                Duration.ofMinutes(30), null, resolution, Set.of(new Pause(ClockKind.RESOLUTION, PauseReason.PENDING_CUSTOMER)),
                null, 75, null, null, null);
    }

    /** (version, current) of each stored version of the policy, oldest first. */
    private List<String> versions(long policyId) {
        return jdbc.sql("select version, valid_to from sla_policy where policy_id = ? order by version").param(policyId)
                .query((rs, i) -> rs.getInt(1) + (rs.getObject(2) == null ? " current" : " retired")).list();
    }

    @Test
    void twoPeopleSavingOnePolicyAtOnceMakeTwoVersionsInTurn() throws Exception {
        var t = fixtures.tenant("SlaRace");
        var id = sla.createPolicy(ADMIN, policy(t.organizationId(), "Race v1", Duration.ofHours(8)));
        var pool = Executors.newFixedThreadPool(2);
        try (var lock = HeldLock.take(dataSource, "select id from sla_policy where policy_id = ? and valid_to is null for update", id)) {
            var first = pool.submit(() -> sla.updatePolicy(ADMIN, id, policy(t.organizationId(), "Race A", Duration.ofHours(4))));
            var second = pool.submit(() -> sla.updatePolicy(ADMIN, id, policy(t.organizationId(), "Race B", Duration.ofHours(2))));
            // both saves stand in a lock queue: behind the test's lock, or behind each other
            lock.awaitWaiting(2, "sla_", () -> first.isDone() || second.isDone());
            lock.commit();
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(versions(id)).containsExactly("1 retired", "2 retired", "3 current");
        assertThat(sla.policies().stream().filter(p -> p.policyId() == id).map(p -> p.form().name()).toList())
                .hasSize(1).first().isIn("Race A", "Race B");
    }

    @Test
    void anEditThatFailsKeepsTheVersionInForce() {
        var t = fixtures.tenant("SlaWhole");
        var id = sla.createPolicy(ADMIN, policy(t.organizationId(), "Whole v1", Duration.ofHours(8)));
        // an organization that does not exist: refused by the database when the new version is written, after the
        // old one was retired in the same transaction
        assertThatThrownBy(() -> sla.updatePolicy(ADMIN, id, policy(Long.MAX_VALUE, "Whole v2", Duration.ofHours(4))))
                .isInstanceOf(RuntimeException.class);
        assertThat(versions(id)).containsExactly("1 current");
        assertThat(sla.policies().stream().filter(p -> p.policyId() == id).map(p -> p.form().name()).toList())
                .containsExactly("Whole v1");
    }
}
