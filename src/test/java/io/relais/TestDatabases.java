package io.relais;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Where tests keep their data: H2 in memory by default, the local PostgreSQL with {@code -Ppostgres}
 * (database {@code test}, or {@code RELAIS_TEST_PG_URL}). Each suite gets its own database or schema,
 * cleaned when its Spring context starts.
 */
public final class TestDatabases {
    private TestDatabases() {}

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("relais.test.db"));
    }

    public static void register(DynamicPropertyRegistry registry, String name) {
        if (postgres()) {
            var url = System.getenv().getOrDefault("RELAIS_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
            registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name);
            registry.add("spring.datasource.username", () -> System.getenv().getOrDefault("RELAIS_TEST_PG_USER", "postgres"));
            registry.add("spring.datasource.password", () -> System.getenv().getOrDefault("RELAIS_TEST_PG_PASSWORD", ""));
            registry.add("spring.flyway.schemas", () -> name);
            registry.add("spring.flyway.default-schema", () -> name);
        } else {
            registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
            registry.add("spring.datasource.username", () -> "sa");
            registry.add("spring.datasource.password", () -> "");
        }
        registry.add("spring.flyway.clean-disabled", () -> "false");
        // The search index lives in memory, empty when the context starts (like the cleaned database).
        registry.add("spring.jpa.properties.hibernate.search.backend.directory.type", () -> "local-heap");
    }
}
