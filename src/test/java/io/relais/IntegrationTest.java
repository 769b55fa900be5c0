package io.relais;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole application on a real port, its real database (H2, or
 * PostgreSQL with -Ppostgres), one Spring context shared by every subclass. Tests make their own
 * organizations and people through {@link Fixtures}, so they never depend on each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // Small limits so that oversize uploads are cheap to test.
        "relais.attachments.max-size=1MB", "spring.servlet.multipart.max-file-size=1MB",
        "spring.servlet.multipart.max-request-size=2MB",
        // A fixed installation secret (never the ./data one), and a quick outbox and fetcher.
        "relais.secret-key=dGVzdC1vbmx5LXNlY3JldC1rZXktZm9yLXJlbGFpcy0zMmJ5dGVz",
        "relais.outbox.claim-seconds=2", "relais.outbox.poll-millis=200",
        "relais.mail.fetch.max-backoff-seconds=2", "relais.mail.fetch.lease-seconds=20",
        // small batches and passes, so that the mail tests go through several of each
        "relais.mail.fetch.batch=4", "relais.mail.fetch.pass=10",
        // the SLA alert job looks every second
        "relais.sla.alert-interval=PT1S", "db-scheduler.polling-interval=1s",
        // the one inner host a URL import may reach (a feed server on 127.0.0.2; 127.0.0.1 stays refused)
        "relais.outbound.allowed-hosts=127.0.0.2", "relais.outbound.timeout=PT3S"})
@AutoConfigureMockMvc
@Import({CleanDatabase.class, Fixtures.class, TestClock.Config.class})
public abstract class IntegrationTest {
    @Autowired
    protected Fixtures fixtures;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.register(registry, "relais_it");
    }
}
