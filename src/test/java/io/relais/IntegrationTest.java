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
        "spring.servlet.multipart.max-request-size=2MB"})
@AutoConfigureMockMvc
@Import({CleanDatabase.class, Fixtures.class})
public abstract class IntegrationTest {
    @Autowired
    protected Fixtures fixtures;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.register(registry, "relais_it");
    }
}
