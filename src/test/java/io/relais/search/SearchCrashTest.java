package io.relais.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.IntegrationTest;
import io.relais.RelaisApplication;
import io.relais.TestDatabases;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A separate Relais process with its Lucene index on disk is killed (SIGKILL) right after creating tickets through
 * the API, then started again on the same database and index: every ticket the database holds is found by its number.
 */
class SearchCrashTest extends IntegrationTest {
    private static final int TICKETS = 240;

    @Autowired
    Environment env;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void ticketsCreatedJustBeforeAKillAreFoundAfterTheRestart() throws Exception {
        Assumptions.assumeTrue(TestDatabases.postgres(), "needs a database a second process can share (PostgreSQL, -Ppostgres)");
        var desk = fixtures.tenant("Crash");
        var index = Files.createTempDirectory("relais-crash-index");
        var log = Files.createTempFile("relais-crash", ".log");
        int port = freePort();
        var node = start(port, index, log);
        try {
            awaitReady(port, desk.agent().token(), node);
            // four callers at once, each ticket created by one call; the kill comes as soon as the last answers
            var pool = Executors.newFixedThreadPool(4);
            try {
                var calls = new ArrayList<Future<Integer>>();
                for (int i = 0; i < TICKETS; i++) {
                    int n = i;
                    calls.add(pool.submit(() -> create(port, desk.agent().token(), desk.customer().id(), n)));
                }
                for (var call : calls) {
                    assertThat(call.get()).isEqualTo(201);
                }
            } finally {
                pool.shutdownNow();
            }
            node.destroyForcibly().waitFor();
        } finally {
            node.destroyForcibly().waitFor();
        }

        var restarted = start(port, index, log);
        try {
            awaitReady(port, desk.agent().token(), restarted);
            var numbers = jdbc.sql("select number from ticket where organization_id = ? and subject like 'Crash %'")
                    .param(desk.organizationId()).query(Long.class).list();
            assertThat(numbers).hasSize(TICKETS);
            var missing = new ArrayList<Long>();
            for (var number : numbers) {
                var body = get(port, desk.agent().token(), "/api/v1/search/tickets?q="
                        + URLEncoder.encode("#" + number, StandardCharsets.UTF_8)).body();
                if (!body.contains("\"number\":" + number + ",")) {
                    missing.add(number);
                }
            }
            assertThat(missing).as("tickets in the database not found by their number after the restart").isEmpty();
        } finally {
            restarted.destroyForcibly().waitFor();
        }
    }

    private Process start(int port, Path index, Path log) throws IOException {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                RelaisApplication.class.getName(),
                "--spring.datasource.url=" + env.getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + env.getProperty("spring.datasource.username"),
                "--spring.datasource.password=" + env.getProperty("spring.datasource.password", ""),
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--relais.secret-key=" + env.getProperty("relais.secret-key"),
                "--relais.mail.fetch.enabled=false", "--relais.outbox.enabled=false",
                "--db-scheduler.scheduler-name=crash-node", "--spring.jmx.enabled=false",
                "--spring.jpa.properties.hibernate.search.backend.directory.root=" + index));
        for (var key : List.of("spring.flyway.schemas", "spring.flyway.default-schema")) {
            if (env.getProperty(key) != null) {
                command.add("--" + key + "=" + env.getProperty(key));
            }
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private void awaitReady(int port, String token, Process node) throws Exception {
        var deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos(); // a loaded machine starts slowly
        while (System.nanoTime() < deadline) {
            assertThat(node.isAlive()).as("the Relais process is running").isTrue();
            try {
                if (get(port, token, "/api/v1/search/tickets?q=x").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Relais did not start on port " + port);
    }

    private int create(int port, String token, long requesterId, int n) throws Exception {
        var json = "{\"subject\":\"Crash " + n + "\",\"description\":\"made before the kill\",\"requesterId\":" + requesterId + "}";
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tickets"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpResponse<String> get(int port, String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
