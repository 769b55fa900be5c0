package io.relais.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Fixtures;
import io.relais.HeldLock;
import io.relais.IntegrationTest;
import io.relais.WebSession;
import io.relais.security.Role;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The administration page creates a contact and its login together or not at all: a login another administrator
 * takes while the page saves (held uncommitted by the test until the page's account insert waits on it) leaves no
 * contact behind, and the page says the login is taken.
 */
class ContactWithLoginTest extends IntegrationTest {
    @LocalServerPort int port;
    @Autowired DataSource dataSource;
    @Autowired JdbcClient jdbc;

    @Test
    void aLoginTakenWhileTheContactIsSavedLeavesNoContact() throws Exception {
        var t = fixtures.tenant("LoginRace");
        var n = System.nanoTime();
        var admin = fixtures.agent("Admin " + n, "admin-" + n + "@relais.example", Role.ADMIN, Set.of());
        var email = "late-" + n + "@loginrace.example";
        var page = new WebSession("http://localhost:" + port, "en").signIn(admin.login(), Fixtures.PASSWORD);
        var pool = Executors.newSingleThreadExecutor();
        try (var other = HeldLock.take(dataSource, "insert into account (login, password_hash, agent_id, created_at) values (?, 'x', ?, ?)",
                email, t.agent().id(), OffsetDateTime.now(ZoneOffset.UTC))) {
            var saved = pool.submit(() -> page.post("/admin/contacts", Map.of("organizationId", String.valueOf(t.organizationId()),
                    "name", "Late Comer", "email", email, "language", "en", "password", "a-long-enough-password"), "/admin/contacts"));
            // the page's account insert waits on the other administrator's uncommitted login (H2 may refuse it at once)
            other.awaitWaiting(1, "account", saved::isDone);
            other.commit();
            var answer = saved.get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(409);
            assertThat(answer.body()).contains("Late Comer"); // the form as typed, to try another login
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from contact where lower(email) = ?").param(email).query(Integer.class).single())
                .as("contacts left behind").isZero();
    }
}
